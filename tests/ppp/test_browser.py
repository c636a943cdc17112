"""The PPP pages on a phone (390 px), in French and Arabic, in Chromium: the investor catalogue and a project's
investor view as a visitor, a company's interest and its own page as the company, the screening form, the
interest as the staff answer it and the national view as a reviewer. None scrolls sideways, every control a thumb
taps is 44 px high, axe-core finds nothing serious or critical (the walk of tests/core/test_every_page.py)."""

import pytest

from madina.ppp import interests
from madina.ppp.models import Readiness
from tests.core.test_every_page import walk

from .conftest import walk as walk_screening

pytestmark = [pytest.mark.browser]


def _session(client, user) -> str:
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_the_ppp_pages_fit_a_phone_and_pass_axe(transactional_db, ppp, settings, browser, live_server, client):
    settings.MADINA_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tile from the internet
    people, pk = ppp["people"], ppp["project"].pk
    walk_screening(ppp["screening"], people["gabes_municipal"], people["reviewer"], Readiness.MARKET_SOUNDING)
    interest = interests.express_interest(ppp["screening"], people["company"],
                                          "Nous exploitons trois stations d'épuration dans le Sud.")
    interests.answer_interest(interest, people["gabes_municipal"], "Merci : le dossier vous est envoyé.")
    phone = ("phone",)
    problems = walk(browser, live_server, {"catalogue": "/ppp/", "investor view": f"/ppp/investir/{pk}/"},
                    devices=phone)
    problems += walk(browser, live_server, {"company's interest": f"/ppp/interets/{interest.pk}/",
                                            "company": "/ppp/entreprise/", "investor view": f"/ppp/investir/{pk}/"},
                     session=_session(client, people["company"]), devices=phone)
    problems += walk(browser, live_server, {"screening": f"/ppp/examen/{pk}/",
                                            "interest": f"/ppp/interets/{interest.pk}/"},
                     session=_session(client, people["gabes_municipal"]), devices=phone)
    problems += walk(browser, live_server, {"national": "/ppp/national/?stage=market_sounding"},
                     session=_session(client, people["reviewer"]), devices=phone)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
