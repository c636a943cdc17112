"""A municipality's picture: set by the staff who manage it, shown on its page and in the search's results."""

import pytest
from django.urls import reverse

from madina.territory.models import Municipality
from tests.pictures import files_under, jpeg_with_gps


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_its_staff_set_the_picture_shown_on_its_page_and_in_search(client, users):
    gabes = Municipality.objects.get(slug="gabes")
    client.force_login(users["gabes_staff"])
    assert "Changer l'image" in client.get(gabes.get_absolute_url()).content.decode()
    response = client.post(reverse("territory:municipality_picture", args=["gabes"]),
                           {"upload": jpeg_with_gps(), "alt": "La corniche de Gabès"})
    assert response.status_code == 302
    gabes.refresh_from_db()
    client.logout()
    page = client.get(gabes.get_absolute_url()).content.decode()
    assert f'src="{gabes.image.url}?w=1280"' in page and 'alt="La corniche de Gabès"' in page
    assert "Changer l'image" not in page
    found = client.get(reverse("territory:municipality_search"), {"q": "gabes"}).content.decode()
    assert f'src="{gabes.image.url}?w=320"' in found
    assert client.get(gabes.image.url).status_code == 200


def test_another_municipalitys_staff_cannot(client, users, tmp_path):
    client.force_login(users["bizerte_staff"])
    url = reverse("territory:municipality_picture", args=["gabes"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"upload": jpeg_with_gps()}).status_code == 403
    assert not Municipality.objects.get(slug="gabes").image and files_under(tmp_path) == []


def test_the_governorate_staff_may(client, users):
    client.force_login(users["gabes_governorate"])
    response = client.post(reverse("territory:municipality_picture", args=["gabes"]), {"upload": jpeg_with_gps()})
    assert response.status_code == 302 and Municipality.objects.get(slug="gabes").image
