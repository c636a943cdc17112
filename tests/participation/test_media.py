"""A proposal's images as people fetch them: public while the proposal shows, then only for its author and the
moderators; in widths for lists; cached, revalidated, never run as a page; sent by nginx when it is set up to."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from madina.participation import services

from .conftest import INSIDE


def _png(width=1600, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("abri.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def image(process, people, sector, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = services.create_proposal(
        process, people["citizen"], title="Un abri", body="<p>Il fait chaud.</p>", sector=sector,
        latitude=INSIDE[0], longitude=INSIDE[1], images=[services.ImageUpload(_png(), "L'arrêt sans ombre")],
    )
    return proposal.images.get()


def test_a_visible_proposals_image_is_public_and_cached(client, image):
    response = client.get(image.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"] and "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("public, max-age=")
    again = client.get(image.image.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(("asked", "width"), [("320", 320), ("500", 640), ("99999", 1280)])
def test_lists_get_a_smaller_image(client, image, asked, width):
    response = client.get(image.image.url, {"w": asked})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as small:
        assert small.width == width


def test_an_unreadable_width_gives_the_original(client, image):
    response = client.get(image.image.url, {"w": "grand"})
    assert response["Content-Type"] == "image/png"


def test_a_hidden_proposals_image_is_for_its_author_and_moderators_only(client, image, people):
    services.hide(image.proposal, people["moderator"], "Photo d'une personne reconnaissable")
    assert client.get(image.image.url).status_code == 404
    assert client.get(image.image.url, {"w": "320"}).status_code == 404
    client.force_login(people["other_citizen"])
    assert client.get(image.image.url).status_code == 404
    for person in ("citizen", "moderator"):
        client.force_login(people[person])
        response = client.get(image.image.url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache" and "Cookie" in response["Vary"]


def test_nginx_sends_the_bytes_when_it_is_set_up_to(client, image, settings):
    settings.MADINA_MEDIA_ACCEL = "/protected-media/"
    response = client.get(image.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + image.image.name
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_proposal_page_shows_the_smaller_image_linking_to_the_full_one(client, image):
    page = client.get(image.proposal.get_absolute_url()).content.decode()
    assert f'href="{image.image.url}"' in page and f'src="{image.image.url}?w=640"' in page
