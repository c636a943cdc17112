"""A public name for everyone: chosen at sign-up, unique (capitals aside), changeable; the e-mail address is never
what another person sees of an account."""

import pytest
from django.urls import reverse

from madina.accounts import services
from madina.accounts.models import User
from madina.core.errors import Invalid

PASSWORD = "Oasis-Gabes-2025!"


@pytest.mark.django_db
def test_an_account_made_without_a_name_gets_a_generated_one_and_never_shows_its_address():
    made = [User.objects.create_user("amel@example.tn"), User.objects.create(email="karim@example.tn"),
            User.objects.create_superuser("root@example.tn", PASSWORD)]
    names = {user.display_name for user in made}
    assert len(names) == 3 and all(name.startswith("habitant-") for name in names)
    assert all("@" not in str(user) and "@" not in user.get_short_name() for user in made)


@pytest.mark.django_db
def test_a_name_is_unique_whatever_its_capitals_and_tidied_before_it_is_stored():
    amel, karim = User.objects.create_user("amel@example.tn"), User.objects.create_user("karim@example.tn")
    services.update_profile(amel, display_name="  Amel   du Lac ", language="fr")
    assert User.objects.get(pk=amel.pk).display_name == "Amel du Lac"
    with pytest.raises(Invalid) as refused:
        services.update_profile(karim, display_name="AMEL DU LAC", language="fr")
    assert refused.value.field == "display_name"
    assert User.objects.get(pk=karim.pk).display_name.startswith("habitant-")
    services.update_profile(amel, display_name="amel du lac", language="ar")  # one's own name, recapitalised
    assert User.objects.get(pk=amel.pk).display_name == "amel du lac"


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), [("Émna", "émna"), ("Émna", "ÉMNA"), ("Straße", "STRASSE"),
                                               ("ليلى", "ﻟﻴﻠﻰ"), ("Ωmega", "ωMEGA")])
def test_a_name_is_taken_whatever_its_capitals_or_form_in_any_script(first, second):
    """SQLite's LOWER folds ASCII letters only: the stored key (models.public_name_key) decides on every database."""
    amel, karim = User.objects.create_user("amel@example.tn"), User.objects.create_user("karim@example.tn")
    services.set_public_name(amel, first)
    with pytest.raises(Invalid, match="déjà pris"):
        services.set_public_name(karim, second)
    karim.display_name = second  # past the service's check, as two sign-ups at the same moment would be
    with pytest.raises(Invalid, match="déjà pris"):
        services._save_name(karim, ["display_name"])
    assert User.objects.get(pk=karim.pk).display_name.startswith("habitant-")


@pytest.mark.django_db
def test_a_public_profile_is_found_whatever_the_capitals_of_its_address(client):
    emna = User.objects.create_user("emna@example.tn")
    services.set_public_name(emna, "Émna")
    assert client.get(reverse("participation:person", args=["ÉMNA"])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["أمل الجنوبية", "Amel B.", "Sami_2025", "O'Neil-Ben Ali", "Amel (démo)", "آمَل"])
def test_names_in_any_script_are_welcome(name):
    assert services.clean_public_name(name) == name


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Admin", "MODÉRATEUR", "Moderateur", "مدينة", "Équipe  madina", "Ｍａｄｉｎａ",
                                  "compte-supprimé", "البلدية"])
def test_names_that_pass_for_the_site_or_its_staff_are_reserved(name):
    with pytest.raises(Invalid, match="réservé") as refused:
        services.clean_public_name(name)
    assert refused.value.field == "display_name"


@pytest.mark.django_db
def test_a_name_is_stored_as_it_looks():
    User.objects.create_user("amel@example.tn")
    assert services.clean_public_name("Ａｍｅｌ ﬁlle") == "Amel fille"  # full-width letters, a ligature


@pytest.mark.django_db
def test_sign_up_asks_for_a_public_name_and_refuses_a_taken_one(client):
    taken = User.objects.create_user("amel@example.tn")
    services.update_profile(taken, display_name="Amel", language="fr")
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="display_name"' in page and 'autocomplete="nickname"' in page
    data = {"email": "nour@example.tn", "display_name": "amel", "password1": PASSWORD, "password2": PASSWORD}
    refused = client.post(reverse("account_signup"), data)
    assert refused.status_code == 200 and "Ce nom public est déjà pris" in refused.content.decode()
    assert not User.objects.filter(email="nour@example.tn").exists()
    assert client.post(reverse("account_signup"), {**data, "display_name": "Nour"}).status_code == 302
    assert User.objects.get(email="nour@example.tn").display_name == "Nour"
