"""In a real browser: the workshop draft survives a reload, and the catalogue works in French and Arabic."""

import pytest
from django.urls import reverse

from madina.projects.models import Project
from tests.conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, client, user):
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_workshop_draft_survives_a_reload_then_saves(page, live_server, client, places, people):
    login(page, live_server, client, people["gabes_municipal"])
    url = live_server.url + reverse("projects:workshop", kwargs={"edition": "2020", "order": 16})
    page.goto(url)
    page.fill("#id_p-0-title_fr", "Abribus solaires")
    page.select_option("#id_p-0-sector", label="MOB · Mobilité")
    page.fill("#id_p-1-title_fr", "Compostage des palmes")
    page.fill("#id_p-1-title_ar", "تسميد سعف النخيل")
    page.select_option("#id_p-1-sector", label="WST · Déchets solides")
    page.reload()
    assert page.input_value("#id_p-0-title_fr") == "Abribus solaires"
    assert page.input_value("#id_p-1-title_ar") == "تسميد سعف النخيل"
    assert page.locator(".draft-status").inner_text() != ""
    assert_accessible(page)
    page.click(".workshop-submit")
    page.wait_for_url("**saved=1")
    assert set(Project.objects.values_list("title_fr", flat=True)) == {"Abribus solaires", "Compostage des palmes"}
    assert page.input_value("#id_p-0-title_fr") == ""  # the draft is cleared once saved
    page.reload()
    assert page.input_value("#id_p-0-title_fr") == ""


@pytest.mark.parametrize(("lang", "direction", "heading"), [("fr", "ltr", "Catalogue national des projets"), ("ar", "rtl", None)])
def test_catalogue_filters_and_map(page, live_server, new_project, places, lang, direction, heading):
    for i in range(30):
        new_project(title_fr=f"Projet {i}", title_ar=f"مشروع {i}",
                    geometry={"type": "Point", "coordinates": [10.71 + i * 0.001, 34.75]})
    new_project(title_fr="Oasis connectée", title_ar="واحة متصلة", municipality=places["gabes"],
                geometry={"type": "Point", "coordinates": [10.1, 33.9]})
    set_language(page, live_server, lang)
    page.goto(live_server.url + reverse("projects:catalogue"))
    assert page.get_attribute("html", "dir") == direction
    if heading:
        assert page.locator("h1").inner_text() == heading
    page.wait_for_selector(".project-map .cluster-marker, .project-map .leaflet-interactive")
    assert page.locator(".project-map .cluster-marker").count() >= 1  # 30 close points grouped
    assert_accessible(page)
    page.fill("#f-q", "واحة" if lang == "ar" else "oasis")
    page.locator(".catalogue-filters button[type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator(".project-table tbody tr")
    assert rows.count() == 1
    assert ("واحة متصلة" if lang == "ar" else "Oasis connectée") in rows.first.inner_text()
