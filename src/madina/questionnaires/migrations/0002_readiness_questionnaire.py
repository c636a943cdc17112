from django.db import migrations

from madina.questionnaires.readiness import seed


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
