"""The 2020 edition's Arabic title in a real Chromium: the year stays after the Latin name in reading order,
that is to its left on the screen, with the quotes around the name."""

import pytest

from madina.caravan.demo import load_2020_edition
from tests.conftest import set_language

pytestmark = pytest.mark.browser

WHERE = """(text) => {
    const node = document.querySelector('h1').firstChild;
    const at = node.textContent.indexOf(text);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const box = range.getBoundingClientRect();
    return [box.left, box.right];
}"""


def test_the_year_is_read_after_the_latin_name(db, page, live_server):
    load_2020_edition()
    set_language(page, live_server, "ar")
    page.goto(f"{live_server.url}/caravane/2020/", wait_until="domcontentloaded")
    year, name, opening = (page.evaluate(WHERE, text) for text in ("2020", "Tunisian Smart Cities", "«"))
    assert year[1] <= name[0]  # reading right to left: Arabic, «name», then the year, leftmost
    assert opening[0] >= name[1]  # the opening quote on the name's right, where an Arabic reader starts
