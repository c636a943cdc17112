from django.db import migrations

from madina.core.text import search_text

LANGS = ("fr", "ar", "en")


def rebuild(apps, schema_editor):
    """Stored search text follows core.text.fold, the one fold of every search (Persian yeh, underscores...)."""
    Project = apps.get_model("projects", "Project")
    rows = list(Project.objects.select_related("municipality"))
    for row in rows:
        texts = [getattr(row, f"{name}_{lang}") for name in ("title", "summary") for lang in LANGS]
        row.search_text = search_text(*texts, *(getattr(row.municipality, f"name_{lang}") for lang in LANGS))
    Project.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_follow_language"), ("territory", "0003_rebuild_search_text")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
