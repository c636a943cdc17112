"""In Chromium at 390 px, in French and Arabic: the form declaring a project's aimed indicators
fits the screen, passes axe, and works through its own buttons (add, edit, remove)."""

import pytest
from django.urls import reverse

from madina.indicators.models import ProjectIndicator
from tests.conftest import assert_accessible, set_language

from .test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_aims_form_fits_a_phone(page, live_server, client, new_project, people, lang):
    import importlib

    from django.apps import apps

    importlib.import_module("madina.indicators.migrations.0002_u4ssc_catalogue").load(apps, None)
    project = new_project()
    page.set_viewport_size({"width": 390, "height": 844})
    set_language(page, live_server, lang)
    login(page, live_server, client, people["sfax_municipal"])
    page.goto(live_server.url + reverse("projects:aims", args=[project.pk]))
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.select_option("#id_indicator", "EC:I:ES:3C")
    page.fill("#id_expected_change", "12,5")
    page.fill("#id_by_year", "2028")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/indicateurs/")
    assert ProjectIndicator.objects.get().expected_change == 12.5
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    page.goto(live_server.url + project.get_absolute_url())
    assert page.locator("a[href='/indicateurs/EC:I:ES:3C/']").count() == 1
    page.goto(live_server.url + reverse("projects:aims", args=[project.pk]))
    page.locator("button[name=drop]").click()
    page.wait_for_url("**/indicateurs/")
    assert not ProjectIndicator.objects.exists()
