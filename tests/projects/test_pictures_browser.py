"""In Chromium at 390 px, in French and Arabic: a project's page with its picture, the catalogue's cards with
pictures and default drawings, and the picture form fit the screen, pass axe and the Content-Security-Policy;
the picture is uploaded through the form itself."""

import pytest
from django.urls import reverse

from madina.projects.models import Project
from tests.conftest import assert_accessible, set_language
from tests.pictures import jpeg_with_gps

from .test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_pictures_fit_a_phone(page, live_server, client, new_project, people, lang, tmp_path):
    project = new_project(title_ar="حافلة كهربائية")
    new_project(title_fr="Sans image")
    page.set_viewport_size({"width": 390, "height": 844})
    set_language(page, live_server, lang)
    login(page, live_server, client, people["sfax_municipal"])
    page.goto(live_server.url + reverse("projects:picture", args=[project.pk]))
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    photo = jpeg_with_gps(size=(3000, 1200))
    page.set_input_files("#id_upload", {"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()})
    page.fill("#id_alt", "Le dépôt des bus")
    page.locator(".picture-form button[type=submit]").click()
    page.wait_for_url(f"**{project.get_absolute_url()}")
    assert Project.objects.get(pk=project.pk).image
    shown = page.locator("img.picture-page")
    shown.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", shown.element_handle())
    assert shown.bounding_box()["width"] <= 390 and page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    page.goto(live_server.url + reverse("projects:catalogue"))
    assert page.locator("img.picture-thumb").count() == 1 and page.locator("svg.picture-thumb").count() == 1
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
