"""The 2020 edition's page in Arabic and English: the source line, the stops' position notes and the title's
year on the right side of the Latin name, in the reader's language."""

import pytest
from django.conf import settings

from madina.caravan.demo import load_2020_edition


@pytest.fixture
def edition(db):
    return load_2020_edition()


def page(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get("/caravane/2020/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("lang", "source", "note", "absent"), [
    ("ar", "الترتيب كما أعلنه المنظمون", "وهي أيضًا ميناء العبّارة نحو قرقنة", "Ordre annoncé"),
    ("en", "Order announced by the organisers", "also the ferry port for Kerkennah", "Ordre annoncé"),
    ("fr", "Ordre annoncé par les organisateurs", "aussi le port du bac pour Kerkennah", "ferry port"),
])
def test_the_source_and_the_position_notes_are_in_the_readers_language(client, edition, lang, source, note, absent):
    html = page(client, lang)
    assert source in html
    assert note in html
    assert absent not in html


def test_a_note_the_catalogues_do_not_know_is_shown_as_typed(client, edition):
    edition.stops.filter(order=1).update(position_note="devant la maison de la culture")
    assert '<span dir="auto">devant la maison de la culture</span>' in page(client, "ar")


def test_the_arabic_title_keeps_its_year_after_the_latin_name(client, edition):
    # U+200F after the closing quote: without it the year joins the Latin run and shows before the quotes.
    assert "«Tunisian Smart Cities»\u200f 2020" in page(client, "ar")
