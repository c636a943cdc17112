from django.db import migrations

from madina.questionnaires.quality_of_life import seed


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0002_readiness_questionnaire")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
