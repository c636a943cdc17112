"""Every account gets a public name: pages, the API and exports showed the e-mail address of an account without
one. A blank name, a name holding an address, or a second use of a name (capitals aside) is replaced by a
generated `habitant-NNNNNN`, which the person can change on their profile."""

import secrets

import django.db.models.functions.text
from django.db import migrations, models


def name_every_account(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set()
    for user in User.objects.order_by("pk").only("pk", "display_name"):
        name = " ".join(user.display_name.split())[:40]
        if not name or "@" in name or name.lower() in taken:
            name = _generated(taken)
        taken.add(name.lower())
        if name != user.display_name:
            User.objects.filter(pk=user.pk).update(display_name=name)


def _generated(taken: set[str]) -> str:
    while True:
        name = f"habitant-{secrets.randbelow(10**6):06d}"
        if name not in taken:
            return name


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_language")]

    operations = [
        migrations.RunPython(name_every_account, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="display_name",
            field=models.CharField(
                blank=True, max_length=40, verbose_name="nom public",
                help_text="Montré à côté de vos propositions, commentaires et soutiens, à la place de votre adresse e-mail.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("display_name"), condition=models.Q(("display_name", ""), _negated=True),
                name="user_unique_public_name", violation_error_message="Ce nom public est déjà pris.",
            ),
        ),
    ]
