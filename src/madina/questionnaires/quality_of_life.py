"""The quality-of-life perception survey template (version 1), in French, Arabic and English: satisfaction with
services, safety, environment, mobility and digital services on a 1-5 scale, the priorities ranked, and a free
comment. Loaded by migration 0003; a process's staff attach it to a phase."""

from .readiness import _tr

SLUG = "qualite-de-vie"
TITLE = ("Votre qualité de vie dans la commune", "جودة حياتك في البلدية", "Your quality of life in the municipality")
DESCRIPTION = ("Dix minutes pour dire à la municipalité ce qui va et ce qui doit changer.",
               "عشر دقائق لتقول للبلدية ما يسير جيدًا وما يجب أن يتغيّر.",
               "Ten minutes to tell the municipality what works and what must change.")
SATISFACTION = [("Très insatisfait", "غير راضٍ إطلاقًا", "Very dissatisfied"),
                ("Plutôt insatisfait", "غير راضٍ نوعًا ما", "Rather dissatisfied"),
                ("Ni l'un ni l'autre", "محايد", "Neither"),
                ("Plutôt satisfait", "راضٍ نوعًا ما", "Rather satisfied"),
                ("Très satisfait", "راضٍ جدًا", "Very satisfied")]
TOPICS = [
    ("services", ("Les services municipaux (état civil, propreté, éclairage)", "الخدمات البلدية (الحالة المدنية، النظافة، الإنارة)",
                  "Municipal services (civil registry, cleanliness, lighting)")),
    ("securite", ("La sécurité dans votre quartier", "الأمن في حيّك", "Safety in your neighbourhood")),
    ("environnement", ("L'environnement (espaces verts, air, bruit)", "البيئة (المساحات الخضراء، الهواء، الضجيج)",
                       "The environment (green spaces, air, noise)")),
    ("mobilite", ("Les déplacements (transports, trottoirs, circulation)", "التنقل (النقل، الأرصفة، حركة المرور)",
                  "Getting around (transport, pavements, traffic)")),
    ("numerique", ("Les services numériques de la municipalité", "الخدمات الرقمية للبلدية", "The municipality's digital services")),
]
SATISFIED = ("Êtes-vous satisfait de : %s ?", "هل أنت راضٍ عن: %s؟", "Are you satisfied with: %s?")


def seed(apps, schema_editor=None) -> None:
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    if Questionnaire.objects.filter(slug=SLUG, version=1).exists():
        return
    Dimension = apps.get_model("questionnaires", "Dimension")
    Question = apps.get_model("questionnaires", "Question")
    Level = apps.get_model("questionnaires", "Level")
    Choice = apps.get_model("questionnaires", "Choice")
    questionnaire = Questionnaire.objects.create(slug=SLUG, version=1, purpose="survey", **_tr("title", TITLE),
                                                 **_tr("description", DESCRIPTION))
    perception = Dimension.objects.create(questionnaire=questionnaire, code="perception", order=1, **_tr(
        "title", ("Votre satisfaction", "رضاك", "Your satisfaction")))
    for order, (code, topic) in enumerate(TOPICS, 1):
        text = tuple(pattern % part for pattern, part in zip(SATISFIED, topic, strict=True))
        question = Question.objects.create(questionnaire=questionnaire, dimension=perception, code=code, order=order,
                                           kind="scale", **_tr("text", text))
        Level.objects.bulk_create(Level(question=question, level=n, **_tr("description", words))
                                  for n, words in enumerate(SATISFACTION, 1))
    priorities = Dimension.objects.create(questionnaire=questionnaire, code="priorites", order=2, **_tr(
        "title", ("Vos priorités", "أولوياتك", "Your priorities")))
    ranking = Question.objects.create(
        questionnaire=questionnaire, dimension=priorities, code="priorites", order=1, kind="ranking", **_tr(
            "text", ("Classez ce qui doit s'améliorer d'abord", "رتّب ما يجب أن يتحسن أولًا",
                     "Rank what must improve first")))
    Choice.objects.bulk_create(Choice(question=ranking, code=code, order=n, **_tr("label", topic))
                               for n, (code, topic) in enumerate(TOPICS, 1))
    Question.objects.create(questionnaire=questionnaire, dimension=priorities, code="commentaire", order=2,
                            kind="long_text", required=False, **_tr(
                                "text", ("Un mot pour la municipalité ?", "كلمة للبلدية؟",
                                         "A word for the municipality?")))
