"""Public names unique whatever their capitals in any script: the Lower() constraint of 0004 folded ASCII letters
only on SQLite, so "Émna" and "émna" could both be stored. Each account gets its folded key (models.public_name_key);
a later account whose key an earlier one already holds is renamed `habitant-NNNNNN`, which it can change."""

import secrets

from django.db import migrations, models

from madina.accounts.models import public_name_key


def key_every_account(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set()
    for user in User.objects.order_by("pk").only("pk", "display_name"):
        name = user.display_name
        if name and public_name_key(name) in taken:
            name = _generated(taken)
        key = public_name_key(name)
        if key:
            taken.add(key)
        User.objects.filter(pk=user.pk).update(display_name=name, name_key=key)


def _generated(taken: set[str]) -> str:
    while True:
        name = f"habitant-{secrets.randbelow(10**6):06d}"
        if public_name_key(name) not in taken:
            return name


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_avatar"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="name_key",
            field=models.CharField(db_default="", editable=False, max_length=200),
        ),
        migrations.RemoveConstraint(
            model_name="user",
            name="user_unique_public_name",
        ),
        migrations.RunPython(key_every_account, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_key", ""), _negated=True), fields=("name_key",),
                name="user_unique_public_name_key", violation_error_message="Ce nom public est déjà pris.",
            ),
        ),
    ]
