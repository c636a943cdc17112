"""docs/screenshots/ holds every picture docs/screenshots/make.py draws, at the width it says."""

import importlib.util

from PIL import Image

from tests.conftest import REPO

FOLDER = REPO / "docs" / "screenshots"


def test_every_screenshot_is_there_at_its_width():
    spec = importlib.util.spec_from_file_location("make_screenshots", FOLDER / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    expected = {make.file_name(page, language, device): make.WIDTHS[device][0]
                for page in make.PAGES for language in make.LANGUAGES for device in make.WIDTHS}
    assert len(expected) == 20
    assert {path.name for path in FOLDER.glob("*.png")} == set(expected)
    for name, width in expected.items():
        with Image.open(FOLDER / name) as picture:
            assert picture.format == "PNG" and picture.width == width, name
            assert 300 <= picture.height <= make.TALLEST, name
