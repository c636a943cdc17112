"""Avatars: a person may put a picture beside their public name (checked and cleaned like every picture), else
their initials are drawn; shown on their public page, beside their proposals and comments; erased with the
account. Nothing is derived from the e-mail address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madina.accounts import services as accounts
from madina.core.pictures import initials
from madina.participation import services
from tests.pictures import files_under, jpeg_with_gps


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_avatar_shows_on_the_profile_and_beside_proposals_and_comments(client, proposal, people):
    author = people["citizen"]
    client.force_login(author)
    response = client.post(reverse("accounts:avatar"), {"upload": jpeg_with_gps("moi.jpg", (600, 600))})
    assert response.status_code == 302
    author.refresh_from_db()
    url = f"{author.avatar.url}?w=320"
    services.comment(proposal, author, "<p>Merci</p>")
    client.logout()
    for page in (reverse("participation:person", args=[author.display_name]), proposal.get_absolute_url(),
                 proposal.process.get_absolute_url()):
        assert f'src="{url}"' in client.get(page).content.decode(), page
    assert client.get(author.avatar.url).status_code == 200
    assert accounts.export_personal_data(author)["account"]["avatar"] == author.avatar.url


def test_without_an_avatar_the_initials_of_the_public_name_not_the_email(client, proposal, people):
    author = people["citizen"]
    author.display_name = "Amel Ben Salah"
    author.save()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert ">AB</text>" in html and author.email.split("@")[0] not in html
    assert initials("نور الهدى") == "نا" and initials("_karim") == "K" and initials("") == "?"


def test_a_bad_avatar_is_refused_and_nothing_is_written(client, people, tmp_path):
    client.force_login(people["citizen"])
    response = client.post(reverse("accounts:avatar"), {"upload": SimpleUploadedFile("moi.webp", b"RIFF....WEBPVP8 ")})
    assert response.status_code == 400 and "pas une image lisible" in response.content.decode()
    people["citizen"].refresh_from_db()
    assert not people["citizen"].avatar and files_under(tmp_path) == []


def test_erasing_the_account_deletes_the_avatar(people, tmp_path, django_capture_on_commit_callbacks):
    person = people["citizen"]
    person.set_password("Madina-Test-2020")
    person.save()
    accounts.set_avatar(person, upload=jpeg_with_gps())
    name = person.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        accounts.erase_account(person, "Madina-Test-2020")
    person.refresh_from_db()
    assert not person.avatar and not (tmp_path / name).exists()
