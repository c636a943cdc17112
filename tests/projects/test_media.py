"""A project's photos and documents: public like the project, documents downloaded under their name, photos in
widths for lists, at the project's own address and at the file's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from madina.projects import services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("chantier.jpg", buffer.getvalue())


def test_a_photo_is_public_and_comes_in_widths(client, new_project, people):
    photo = services.add_attachment(new_project(), people["sfax_municipal"], upload=_photo(), kind="photo")
    for url in (photo.get_absolute_url(), photo.file.url):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert "attachment" not in response.get("Content-Disposition", "")
        assert response["Cache-Control"].startswith("public")
    small = client.get(photo.get_absolute_url(), {"w": "320"})
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as image:
        assert (image.format, image.width) == ("WEBP", 320)


def test_a_document_is_downloaded_under_its_name(client, new_project, people):
    document = services.add_attachment(new_project(), people["sfax_municipal"], kind="document",
                                       upload=SimpleUploadedFile("étude de faisabilité.pdf", b"%PDF-1.4" + b"x" * 200))
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "faisabilit" in response["Content-Disposition"]
