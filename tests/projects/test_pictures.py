"""A project's picture: uploaded by its managers through the picture page with the upload checks, cleaned of its
metadata, shown on the project's page and its card in the catalogue; a sober drawing when there is none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from madina.core.pictures import tone_of
from madina.projects.models import Project
from tests.pictures import files_under, jpeg_with_gps


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_manager_sets_a_picture_shown_on_the_page_and_the_card(client, new_project, people, tmp_path):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    response = client.post(reverse("projects:picture", args=[project.pk]),
                           {"upload": jpeg_with_gps(), "alt": "Le dépôt des bus électriques"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.image.name.startswith("projects/pictures/") and "chantier" not in project.image.name
    with project.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and not image.getexif()  # no GPS, no maker: metadata left behind
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'src="{project.image.url}?w=1280"' in page and 'alt="Le dépôt des bus électriques"' in page
    card = client.get(reverse("projects:catalogue")).content.decode()
    assert f'src="{project.image.url}?w=320"' in card
    served = client.get(project.image.url)
    assert served.status_code == 200 and served["Cache-Control"].startswith("public")


def test_without_a_picture_cards_draw_the_sectors_default_and_the_page_none(client, new_project, sector):
    project = new_project()
    card = client.get(reverse("projects:catalogue")).content.decode()
    assert 'class="picture picture-thumb picture-default"' in card and "<img class=\"picture" not in card
    assert f'fill="{tone_of("project:" + sector.code)}"' in card  # the sector's own tone
    assert 'class="picture' not in client.get(project.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("plan.gif", b"GIF89a" + b"\0" * 50), "formats acceptés"),
    (SimpleUploadedFile("faux.png", b"<html><script>alert(1)</script></html>"), "pas une image lisible"),
    (SimpleUploadedFile("photo.png", jpeg_with_gps().read()), "ne correspond pas à son extension"),
])
def test_a_bad_file_is_refused_saying_why_and_nothing_is_written(client, new_project, people, tmp_path, upload,
                                                                  message):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    response = client.post(reverse("projects:picture", args=[project.pk]), {"upload": upload, "alt": "x"})
    assert response.status_code == 400 and message in response.content.decode()
    project.refresh_from_db()
    assert not project.image and project.image_alt == "" and files_under(tmp_path) == []


def test_a_file_over_the_limit_is_refused(client, new_project, people, settings, tmp_path):
    settings.MADINA_UPLOAD_MAX_BYTES = 1000
    project = new_project()
    client.force_login(people["sfax_municipal"])
    response = client.post(reverse("projects:picture", args=[project.pk]), {"upload": jpeg_with_gps()})
    assert response.status_code == 400 and "taille maximale" in response.content.decode()
    assert not Project.objects.get(pk=project.pk).image and files_under(tmp_path) == []


def test_replacing_then_removing_deletes_the_old_files(client, new_project, people, tmp_path,
                                                        django_capture_on_commit_callbacks):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    url = reverse("projects:picture", args=[project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"upload": jpeg_with_gps()})
        first = Project.objects.get(pk=project.pk).image.name
        client.post(url, {"upload": jpeg_with_gps()})
    second = Project.objects.get(pk=project.pk).image.name
    assert first != second and not (tmp_path / first).exists() and (tmp_path / second).exists()
    assert client.get(f"/media/{first}").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"remove": "on"})
    assert not Project.objects.get(pk=project.pk).image and files_under(tmp_path) == []


def test_only_the_projects_managers_change_its_picture(client, new_project, people):
    project = new_project()
    client.force_login(people["gabes_municipal"])
    assert client.get(reverse("projects:picture", args=[project.pk])).status_code == 403
    assert client.post(reverse("projects:picture", args=[project.pk]), {"upload": jpeg_with_gps()}).status_code == 403
    assert not Project.objects.get(pk=project.pk).image


def _png_claiming(width, height):
    """A PNG whose header announces an enormous picture (a decompression bomb) over a few bytes of data."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def _truncated_jpeg():
    whole = jpeg_with_gps().read()
    return whole[: len(whole) // 3]


def test_a_decompression_bomb_is_refused_not_a_500(client, new_project, people, tmp_path):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    bomb = SimpleUploadedFile("bombe.png", _png_claiming(100_000, 100_000))
    response = client.post(reverse("projects:picture", args=[project.pk]), {"upload": bomb})
    assert response.status_code == 400 and "pas une image lisible" in response.content.decode()
    assert not Project.objects.get(pk=project.pk).image and files_under(tmp_path) == []


def test_a_truncated_photo_is_refused_or_redrawn_whole_never_a_500(client, new_project, people, tmp_path,
                                                                    monkeypatch):
    """Pillow refuses a truncated file unless told to read what it can (WeasyPrint, loaded for the PPP sheets,
    tells it so for the whole process): then the picture is redrawn, its missing part filled, as a whole JPEG."""
    from PIL import ImageFile

    project = new_project()
    client.force_login(people["sfax_municipal"])
    url = reverse("projects:picture", args=[project.pk])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    response = client.post(url, {"upload": SimpleUploadedFile("coupee.jpg", _truncated_jpeg())})
    assert response.status_code == 400 and "pas une image lisible" in response.content.decode()
    assert files_under(tmp_path) == []
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert client.post(url, {"upload": SimpleUploadedFile("coupee.jpg", _truncated_jpeg())}).status_code == 302
    with Project.objects.get(pk=project.pk).image.open("rb") as stored, Image.open(stored) as image:
        image.load()
        assert (image.format, image.size) == ("JPEG", (1200, 800))


def test_the_api_gives_the_picture(client, new_project, people):
    from madina.projects import services

    project = new_project()
    assert client.get(f"/api/v1/projects/{project.pk}").json()["image_url"] is None
    services.set_picture(project, people["sfax_municipal"], upload=jpeg_with_gps(), alt="Le dépôt")
    project.refresh_from_db()
    data = client.get(f"/api/v1/projects/{project.pk}").json()
    assert (data["image_url"], data["image_alt"]) == (project.image.url, "Le dépôt")
    assert client.get("/api/v1/projects").json()["items"][0]["image_url"] == project.image.url
