"""A process's picture: set by its managers on the management pages, shown on its page and its card; before the
process is published, its picture is its staff's only, like its page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madina.participation import services
from madina.participation.models import Process
from tests.pictures import files_under, jpeg_with_gps


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_manager_sets_the_picture_shown_on_the_page_and_the_list(client, process, people):
    client.force_login(people["municipal_staff"])
    response = client.post(reverse("participation:process_picture", args=[process.slug]),
                           {"upload": jpeg_with_gps(), "alt": ""})
    assert response.status_code == 302
    process.refresh_from_db()
    page = client.get(process.get_absolute_url()).content.decode()
    assert f'src="{process.image.url}?w=1280"' in page and 'alt="Gabès respire"' in page  # the title stands in
    listing = client.get(reverse("participation:process_list")).content.decode()
    assert f'src="{process.image.url}?w=640"' in listing
    assert client.get(process.image.url)["Cache-Control"].startswith("public")


def test_an_unpublished_process_picture_is_its_staffs_only(client, process, people):
    services.set_picture(process, people["municipal_staff"], upload=jpeg_with_gps(), alt="Oasis")
    services.set_published(process, people["municipal_staff"], False)
    process.refresh_from_db()
    assert client.get(process.image.url).status_code == 404
    client.force_login(people["municipal_staff"])
    response = client.get(process.image.url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")


def test_others_cannot_change_it_and_a_bad_file_writes_nothing(client, process, people, tmp_path):
    client.force_login(people["foreign_staff"])
    url = reverse("participation:process_picture", args=[process.slug])
    assert client.post(url, {"upload": jpeg_with_gps()}).status_code == 403
    client.force_login(people["municipal_staff"])
    response = client.post(url, {"upload": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)})
    assert response.status_code == 400 and "pas une image lisible" in response.content.decode()
    assert not Process.objects.get(pk=process.pk).image and files_under(tmp_path) == []


def test_the_api_gives_the_picture(client, process, people):
    services.set_picture(process, people["municipal_staff"], upload=jpeg_with_gps(), alt="L'oasis")
    process.refresh_from_db()
    data = client.get(f"/api/v1/processes/{process.slug}").json()
    assert (data["image_url"], data["image_alt"]) == (process.image.url, "L'oasis")
