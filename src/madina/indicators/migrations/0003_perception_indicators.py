"""The residents' satisfaction, as the quality-of-life perception survey measures it (surveys app): five national
indicators, one per topic of the survey, each the mean answer on its 1-5 scale. They are declared values that a
closed survey writes through `services.record_value`; only codes not yet there are added."""

from django.db import migrations

SCORE = ("score moyen sur 5", "متوسط الدرجة من 5", "mean score out of 5")
PERCEPTION = [
    ("QV:SERVICES", ("Satisfaction des habitants : services municipaux", "رضا السكان: الخدمات البلدية",
                     "Residents' satisfaction: municipal services")),
    ("QV:SECURITE", ("Satisfaction des habitants : sécurité", "رضا السكان: الأمن", "Residents' satisfaction: safety")),
    ("QV:ENV", ("Satisfaction des habitants : environnement", "رضا السكان: البيئة",
                "Residents' satisfaction: environment")),
    ("QV:MOBILITE", ("Satisfaction des habitants : déplacements", "رضا السكان: التنقل",
                     "Residents' satisfaction: getting around")),
    ("QV:NUMERIQUE", ("Satisfaction des habitants : services numériques", "رضا السكان: الخدمات الرقمية",
                      "Residents' satisfaction: digital services")),
]
DEFINITION = "Moyenne des réponses (1 = très insatisfait, 5 = très satisfait) à l'enquête de perception de la qualité de vie."


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    present = set(Indicator.objects.values_list("code", flat=True))
    for order, (code, (fr, ar, en)) in enumerate(PERCEPTION, start=1):
        if code in present:
            continue
        Indicator.objects.create(
            code=code, framework="national", dimension="SC", title=fr, title_fr=fr, title_ar=ar, title_en=en,
            definition=DEFINITION, definition_fr=DEFINITION, unit=SCORE[0], unit_fr=SCORE[0], unit_ar=SCORE[1],
            unit_en=SCORE[2], higher_is_better=True, periodicity="enquête", order=900 + order,
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_u4ssc_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
