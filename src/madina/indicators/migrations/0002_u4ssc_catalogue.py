"""The 90 U4SSC key performance indicators (data/indicators/u4ssc_kpis.csv, 111 rows: a code covering several
measures keeps them in `measures`) with Madina's French and Arabic titles and units
(data/indicators/u4ssc_translations.csv). Only adds codes not yet there: organisers' edits are kept."""

import csv

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    folder = settings.DATA_DIR / "indicators"
    with open(folder / "u4ssc_translations.csv", encoding="utf-8", newline="") as handle:
        translations = {row["code"]: row for row in csv.DictReader(handle)}
    rows: dict[str, list[dict]] = {}
    with open(folder / "u4ssc_kpis.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["code"], []).append(row)
    present = set(Indicator.objects.values_list("code", flat=True))
    for order, (code, measures) in enumerate(rows.items(), start=1):
        if code in present:
            continue
        first = measures[0]
        names = list(dict.fromkeys(m["title_en"].split(" - ")[0].strip() for m in measures))
        parts = [m["title_en"].split(" - ", 1)[1].strip() for m in measures if " - " in m["title_en"]]
        words = translations[code]
        Indicator.objects.create(
            code=code,
            framework="u4ssc",
            dimension=code[:2],
            subdimension=first["subdimension_code"],
            category=first["category_code"],
            tier=first["core_or_advanced"],
            measures="; ".join(parts),
            title=words["title_fr"], title_fr=words["title_fr"], title_ar=words["title_ar"],
            title_en=" / ".join(names),
            unit=words["unit_fr"], unit_fr=words["unit_fr"], unit_ar=words["unit_ar"], unit_en=words["unit_en"],
            sdg_goals=first["sdg_goals"].replace(";", ", "),
            sdg_targets="; ".join(dict.fromkeys(t for m in measures for t in m["sdg_targets"].split(";") if t)),
            periodicity=first["periodicity"],
            source_uri=first["source_uri"],
            order=order,
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
