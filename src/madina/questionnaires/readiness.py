"""The programme's default readiness questionnaire (version 1): seven dimensions, two questions each, every
question with its five maturity levels and the evidence expected, in French, Arabic and English. Loaded by a
migration (0002) so that every installation can open a campaign at once; organisers add versions beside it."""

SLUG = "maturite-smart-city"

TITLE = ("Maturité smart city de la municipalité", "نضج المدينة الذكية في البلدية", "Municipal smart-city readiness")
DESCRIPTION = (
    "Où en est la municipalité, dimension par dimension, pour rejoindre le programme national des villes "
    "intelligentes et durables. Chaque question se répond par un niveau de 1 (rien encore) à 5 (pratique établie).",
    "مدى جاهزية البلدية، بعدًا بعد بعد، للانضمام إلى البرنامج الوطني للمدن الذكية والمستدامة. يُجاب عن كل سؤال "
    "بمستوى من 1 (لا شيء بعد) إلى 5 (ممارسة راسخة).",
    "How ready the municipality is, dimension by dimension, to join the national smart and sustainable cities "
    "programme. Each question is answered with a level from 1 (nothing yet) to 5 (established practice).",
)

# (code, (fr, ar, en), [(question code, (fr, ar, en), (evidence fr, ar, en), [five levels, each (fr, ar, en)])])
DIMENSIONS = [
    ("gouvernance", ("Stratégie et gouvernance", "الاستراتيجية والحوكمة", "Strategy and governance"), [
        ("strategie", ("La municipalité a-t-elle une stratégie smart city adoptée ?",
                       "هل لدى البلدية استراتيجية مدينة ذكية معتمدة؟",
                       "Does the municipality have an adopted smart-city strategy?"),
         ("Délibération du conseil, document de stratégie", "مداولة المجلس، وثيقة الاستراتيجية",
          "Council decision, strategy document"),
         [("Aucune réflexion engagée", "لا تفكير بعد", "No thinking started"),
          ("Des idées discutées, rien d'écrit", "أفكار متداولة دون أي وثيقة", "Ideas discussed, nothing written"),
          ("Une stratégie en rédaction", "استراتيجية قيد الصياغة", "A strategy being drafted"),
          ("Une stratégie adoptée par le conseil", "استراتيجية صادق عليها المجلس", "A strategy adopted by the council"),
          ("Une stratégie adoptée, suivie et révisée", "استراتيجية معتمدة ومتابعة ومراجعة",
           "An adopted strategy, monitored and revised")]),
        ("pilotage", ("Une équipe pilote-t-elle les projets numériques ?",
                      "هل يوجد فريق يقود المشاريع الرقمية؟", "Does a team steer digital projects?"),
         ("Arrêté de nomination, comptes rendus", "قرار التعيين، محاضر الاجتماعات", "Appointment order, minutes"),
         [("Personne n'en est chargé", "لا أحد مكلف بذلك", "Nobody is in charge"),
          ("Un agent s'en occupe en plus de son poste", "موظف يتولاها إلى جانب مهامه",
           "One officer on top of their job"),
          ("Un référent désigné", "مرجع معيّن", "A designated focal point"),
          ("Une équipe dédiée avec un mandat", "فريق مخصص بتكليف واضح", "A dedicated team with a mandate"),
          ("Une équipe dédiée qui rend compte au conseil", "فريق مخصص يقدّم تقاريره إلى المجلس",
           "A dedicated team reporting to the council")]),
    ]),
    ("infrastructure", ("Infrastructure numérique", "البنية التحتية الرقمية", "Digital infrastructure"), [
        ("connectivite", ("Les bâtiments municipaux sont-ils connectés au haut débit ?",
                          "هل المباني البلدية موصولة بالإنترنت عالي التدفق؟",
                          "Are municipal buildings connected to broadband?"),
         ("Contrats d'accès, inventaire des sites", "عقود النفاذ، جرد المواقع", "Access contracts, site inventory"),
         [("Aucun bâtiment connecté", "لا مبنى موصول", "No building connected"),
          ("Le siège seulement, en bas débit", "المقر فقط بتدفق ضعيف", "Headquarters only, low speed"),
          ("Le siège en haut débit", "المقر بتدفق عالٍ", "Headquarters on broadband"),
          ("La plupart des sites en haut débit", "أغلب المواقع بتدفق عالٍ", "Most sites on broadband"),
          ("Tous les sites, avec un accès public", "كل المواقع مع نفاذ عمومي", "Every site, with public access")]),
        ("equipements", ("Le parc informatique est-il suffisant et entretenu ?",
                         "هل التجهيزات الإعلامية كافية ومصانة؟", "Is the IT equipment sufficient and maintained?"),
         ("Inventaire du parc, contrat de maintenance", "جرد التجهيزات، عقد الصيانة",
          "Equipment inventory, maintenance contract"),
         [("Très insuffisant", "غير كافية إطلاقًا", "Far from sufficient"),
          ("Insuffisant et ancien", "غير كافية وقديمة", "Insufficient and old"),
          ("Suffisant, sans maintenance", "كافية دون صيانة", "Sufficient, no maintenance"),
          ("Suffisant et entretenu", "كافية ومصانة", "Sufficient and maintained"),
          ("Renouvelé selon un plan", "تُجدَّد وفق خطة", "Renewed according to a plan")]),
    ]),
    ("donnees", ("Données et systèmes d'information", "البيانات ونظم المعلومات", "Data and information systems"), [
        ("systemes", ("Les services métiers sont-ils informatisés ?",
                      "هل الخدمات البلدية مُعلمَنة؟", "Are the municipality's business processes computerised?"),
         ("Liste des applications en service", "قائمة التطبيقات المستعملة", "List of applications in use"),
         [("Tout sur papier", "كل شيء ورقي", "Everything on paper"),
          ("Quelques tableurs", "بعض جداول البيانات", "A few spreadsheets"),
          ("Des logiciels pour l'état civil et les finances", "برمجيات للحالة المدنية والمالية",
           "Software for civil registry and finance"),
          ("La plupart des services informatisés", "أغلب الخدمات مُعلمَنة", "Most services computerised"),
          ("Des systèmes reliés entre eux", "أنظمة مترابطة فيما بينها", "Systems connected to each other")]),
        ("ouverture", ("La municipalité publie-t-elle des données ouvertes ?",
                       "هل تنشر البلدية بيانات مفتوحة؟", "Does the municipality publish open data?"),
         ("Adresse du portail, jeux publiés", "عنوان البوابة، المجموعات المنشورة", "Portal address, published sets"),
         [("Rien n'est publié", "لا شيء منشور", "Nothing published"),
          ("Des documents en PDF", "وثائق بصيغة PDF", "Documents as PDF"),
          ("Quelques tableaux réutilisables", "بعض الجداول القابلة لإعادة الاستعمال", "A few reusable tables"),
          ("Un portail tenu à jour", "بوابة محيّنة", "A portal kept up to date"),
          ("Des données publiées par défaut et réutilisées", "بيانات منشورة تلقائيًا ومعاد استعمالها",
           "Data open by default and reused")]),
    ]),
    ("services", ("Services aux citoyens", "الخدمات للمواطنين", "Services to citizens"), [
        ("en_ligne", ("Quelles démarches se font en ligne ?", "ما الإجراءات المتاحة عبر الإنترنت؟",
                      "Which procedures can be done online?"),
         ("Adresses des services en ligne, statistiques d'usage", "عناوين الخدمات على الخط، إحصائيات الاستعمال",
          "Addresses of online services, usage figures"),
         [("Aucune", "لا شيء", "None"),
          ("De l'information seulement", "معلومات فقط", "Information only"),
          ("Des formulaires à télécharger", "استمارات للتحميل", "Forms to download"),
          ("Des démarches complètes en ligne", "إجراءات كاملة على الخط", "Complete procedures online"),
          ("La plupart des démarches, avec suivi", "أغلب الإجراءات مع المتابعة", "Most procedures, with tracking")]),
        ("reclamations", ("Comment les réclamations sont-elles traitées ?", "كيف تُعالج الشكاوى؟",
                          "How are complaints handled?"),
         ("Registre des réclamations, délais de réponse", "سجل الشكاوى، آجال الرد", "Complaints log, response times"),
         [("Sans suivi", "دون متابعة", "Without tracking"),
          ("Un registre papier", "سجل ورقي", "A paper register"),
          ("Un registre numérique", "سجل رقمي", "A digital register"),
          ("Un suivi avec délais de réponse", "متابعة مع آجال للرد", "Tracking with response times"),
          ("Un suivi public et des délais tenus", "متابعة علنية وآجال محترمة", "Public tracking, deadlines kept")]),
    ]),
    ("participation", ("Participation citoyenne", "المشاركة المواطنية", "Citizen participation"), [
        ("concertation", ("Les habitants sont-ils associés aux décisions ?", "هل يُشرَك المتساكنون في القرارات؟",
                          "Are residents involved in decisions?"),
         ("Comptes rendus des réunions publiques", "محاضر الاجتماعات العمومية", "Minutes of public meetings"),
         [("Jamais", "أبدًا", "Never"),
          ("Les réunions légales seulement", "الاجتماعات القانونية فقط", "Statutory meetings only"),
          ("Des concertations ponctuelles", "استشارات ظرفية", "Occasional consultations"),
          ("Des concertations régulières avec réponses", "استشارات منتظمة مع ردود", "Regular consultations, answered"),
          ("Un budget participatif et un suivi public", "ميزانية تشاركية ومتابعة علنية",
           "A participatory budget and public follow-up")]),
        ("numerique", ("La participation a-t-elle une voie numérique ?", "هل للمشاركة قناة رقمية؟",
                       "Does participation have a digital channel?"),
         ("Adresse de la plateforme, participants", "عنوان المنصة، عدد المشاركين", "Platform address, participants"),
         [("Aucune", "لا شيء", "None"),
          ("Une page sur les réseaux sociaux", "صفحة على الشبكات الاجتماعية", "A social media page"),
          ("Des consultations en ligne ponctuelles", "استشارات على الخط ظرفية", "Occasional online consultations"),
          ("Une plateforme de participation en service", "منصة مشاركة قيد الاستعمال", "A participation platform in use"),
          ("Une plateforme reliée aux décisions du conseil", "منصة مرتبطة بقرارات المجلس",
           "A platform tied to council decisions")]),
    ]),
    ("finances", ("Capacité financière et PPP", "القدرة المالية والشراكة بين القطاعين",
                  "Financial and PPP capacity"), [
        ("investissement", ("La municipalité peut-elle financer sa part des projets ?",
                            "هل تستطيع البلدية تمويل حصتها من المشاريع؟",
                            "Can the municipality fund its share of projects?"),
         ("Budget d'investissement des trois dernières années", "ميزانية الاستثمار للسنوات الثلاث الأخيرة",
          "Investment budget of the last three years"),
         [("Aucune marge", "لا هامش", "No margin"),
          ("Une marge faible et incertaine", "هامش ضعيف وغير مضمون", "A small, uncertain margin"),
          ("Une marge pour de petits projets", "هامش لمشاريع صغيرة", "A margin for small projects"),
          ("Un plan d'investissement financé", "مخطط استثمار ممول", "A funded investment plan"),
          ("Des financements diversifiés (prêts, dons)", "تمويلات متنوعة (قروض، هبات)",
           "Diversified funding (loans, grants)")]),
        ("partenariats", ("La municipalité a-t-elle monté des partenariats public-privé ?",
                          "هل أبرمت البلدية شراكات بين القطاعين العام والخاص؟",
                          "Has the municipality set up public-private partnerships?"),
         ("Conventions signées", "الاتفاقيات الممضاة", "Signed agreements"),
         [("Jamais", "أبدًا", "Never"),
          ("Des contacts sans suite", "اتصالات دون متابعة", "Contacts without follow-up"),
          ("Un projet à l'étude", "مشروع قيد الدراسة", "One project under study"),
          ("Un partenariat signé", "شراكة ممضاة", "One signed partnership"),
          ("Plusieurs partenariats suivis", "عدة شراكات متابعة", "Several partnerships, monitored")]),
    ]),
    ("environnement", ("Environnement et ressources", "البيئة والموارد", "Environment and resources"), [
        ("energie", ("La consommation d'énergie est-elle suivie et réduite ?",
                     "هل يُتابع استهلاك الطاقة ويُخفَّض؟", "Is energy use monitored and reduced?"),
         ("Factures, audit énergétique", "الفواتير، التدقيق الطاقي", "Bills, energy audit"),
         [("Non suivie", "غير متابع", "Not monitored"),
          ("Les factures sont relevées", "تُسجَّل الفواتير", "Bills are recorded"),
          ("Un audit énergétique fait", "تدقيق طاقي منجز", "An energy audit done"),
          ("Des mesures d'économie en cours", "إجراءات اقتصاد جارية", "Savings measures under way"),
          ("Des objectifs chiffrés atteints", "أهداف مرقمة محققة", "Quantified targets met")]),
        ("dechets", ("La collecte des déchets est-elle organisée et mesurée ?",
                     "هل جمع النفايات منظم ومقاس؟", "Is waste collection organised and measured?"),
         ("Plan de collecte, tonnages", "مخطط الجمع، الكميات", "Collection plan, tonnages"),
         [("Irrégulière", "غير منتظم", "Irregular"),
          ("Régulière sans mesure", "منتظم دون قياس", "Regular, not measured"),
          ("Mesurée", "مقاس", "Measured"),
          ("Mesurée avec tri à la source", "مقاس مع فرز من المصدر", "Measured, with sorting at source"),
          ("Optimisée par des capteurs ou des données", "محسَّن بالمستشعرات أو البيانات",
           "Optimised with sensors or data")]),
    ]),
]


def seed(apps, schema_editor=None) -> None:
    """Create version 1 unless it exists (the migration and tests call it with the historical or live models)."""
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    if Questionnaire.objects.filter(slug=SLUG, version=1).exists():
        return
    Dimension = apps.get_model("questionnaires", "Dimension")
    Question = apps.get_model("questionnaires", "Question")
    Level = apps.get_model("questionnaires", "Level")
    questionnaire = Questionnaire.objects.create(slug=SLUG, version=1, purpose="assessment", **_tr("title", TITLE),
                                                 **_tr("description", DESCRIPTION))
    for order, (code, title, questions) in enumerate(DIMENSIONS, 1):
        dimension = Dimension.objects.create(questionnaire=questionnaire, code=code, order=order, **_tr("title", title))
        for q_order, (q_code, text, evidence, levels) in enumerate(questions, 1):
            question = Question.objects.create(questionnaire=questionnaire, dimension=dimension, code=q_code, order=q_order, kind="scale",
                                               **_tr("text", text), **_tr("evidence", evidence))
            Level.objects.bulk_create(Level(question=question, level=n, **_tr("description", described))
                                      for n, described in enumerate(levels, 1))


def _tr(field: str, texts) -> dict:
    fr, ar, en = texts
    return {field: fr, f"{field}_fr": fr, f"{field}_ar": ar, f"{field}_en": en}
