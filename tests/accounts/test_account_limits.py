"""Writes on one's own account are limited like every other citizen write: profile and avatar changes and data
downloads share one count; passwords typed again (API tokens, erasure) another, which a wrong guess still moves."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from madina.accounts import services
from madina.accounts.models import TokenScope, User
from madina.core.errors import RateLimited

from .conftest import PASSWORD, make_user


@pytest.fixture
def amel(db):
    return make_user("amel@example.tn")


def test_profile_changes_and_downloads_share_one_limit(amel, settings):
    settings.MADINA_ACCOUNT_RATE = (3, 60)
    services.update_profile(amel, display_name="Amel", language="fr")
    services.update_profile(amel, display_name="Amel B.", language="ar")
    services.export_personal_data(amel)
    with pytest.raises(RateLimited, match="3 fois en 60 minutes"):
        services.update_profile(amel, display_name="Amel C.", language="fr")
    with pytest.raises(RateLimited):
        services.set_avatar(amel, remove=True)
    assert User.objects.get(pk=amel.pk).display_name == "Amel B."
    karim = make_user("karim@example.tn")  # counted per person
    services.update_profile(karim, display_name="Karim", language="fr")


def test_wrong_passwords_count_even_though_the_erasure_rolls_back(amel, settings):
    settings.MADINA_PASSWORD_RATE = (2, 15)
    for _attempt in range(2):
        with pytest.raises(services.Invalid, match="Mot de passe incorrect"):
            services.erase_account(amel, "pas-le-bon")
    with pytest.raises(RateLimited, match="2 en 15 minutes"):
        services.erase_account(amel, PASSWORD)
    with pytest.raises(RateLimited):  # the token page asks for the same password: same count
        services.create_token(amel, name="Intégration", scope=TokenScope.READ, days=30, password=PASSWORD)
    assert User.objects.get(pk=amel.pk).erased_at is None


def test_the_erasure_page_says_the_limit_in_words(client, amel, settings):
    settings.MADINA_PASSWORD_RATE = (1, 15)
    client.force_login(amel)
    assert client.post("/comptes/supprimer/", {"password": "pas-le-bon"}).status_code == 400
    refused = client.post("/comptes/supprimer/", {"password": PASSWORD})
    assert "essais de mot de passe (1 en 15 minutes)" in refused.content.decode()
    assert User.objects.get(pk=amel.pk).erased_at is None


def test_a_refused_picture_still_counts_against_the_limit(amel, settings):
    """A picture is decoded before it is refused: what costs the server counts even when the change rolls back."""
    settings.MADINA_ACCOUNT_RATE = (1, 60)
    with pytest.raises(services.Invalid):
        services.set_avatar(amel, upload=SimpleUploadedFile("moi.jpg", b"pas une image", content_type="image/jpeg"))
    with pytest.raises(RateLimited):
        services.set_avatar(amel, remove=True)
