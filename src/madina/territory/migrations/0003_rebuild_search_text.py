from django.db import migrations

from madina.core.text import search_text


def rebuild(apps, schema_editor):
    """Stored search keys follow core.text.fold, the one fold of every search (Persian yeh, underscores...)."""
    Municipality = apps.get_model("territory", "Municipality")
    rows = list(Municipality.objects.only("pk", "name_fr", "name_en", "name_ar"))
    for row in rows:
        row.search_text = search_text(row.name_fr, row.name_en, row.name_ar)
    Municipality.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_updated_at")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
