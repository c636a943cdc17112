from django.db import migrations


def keep_languages(apps, schema_editor):
    """E-mails now follow the language stored on the account: a follower's latest choice becomes theirs."""
    Follow = apps.get_model("projects", "Follow")
    User = apps.get_model("accounts", "User")
    latest = {}
    for user_id, language in Follow.objects.order_by("created_at", "pk").values_list("user_id", "language"):
        latest[user_id] = language
    for user_id, language in latest.items():
        User.objects.filter(pk=user_id).update(language=language)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_rebuild_search_text"), ("accounts", "0003_user_language")]

    operations = [
        migrations.RunPython(keep_languages, migrations.RunPython.noop),
        migrations.RemoveField(model_name="follow", name="language"),
    ]
