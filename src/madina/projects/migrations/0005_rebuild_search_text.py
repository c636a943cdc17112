from django.db import migrations

from madina.core.text import search_text

LANGS = ("fr", "ar", "en")


def rebuild(apps, schema_editor):
    """Stored search text follows core.text.fold, the one fold of every search (Persian yeh, underscores...);
    the municipality's names are now searched on the municipality itself, so a renamed one is found at once."""
    Project = apps.get_model("projects", "Project")
    rows = list(Project.objects.all())
    for row in rows:
        row.search_text = search_text(*(getattr(row, f"{name}_{lang}") for name in ("title", "summary") for lang in LANGS))
    Project.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_follow_language"), ("territory", "0003_rebuild_search_text")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
