"""The README tells a developer how to get the Chromium the browser tests need, with the names the fixtures use."""

import re

from tests.conftest import REPO


def test_the_readme_says_how_to_get_chromium_for_the_browser_tests():
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Browser tests"):]
    section = section[:section.index("\n#", 1)]
    assert re.search(r"apt-get install[^`]*\bchromium\b", section)
    conftest = (REPO / "tests" / "conftest.py").read_text()
    for name in re.findall(r'"(MADINA_[A-Z_]+)"', conftest):  # every variable the fixtures read is explained
        assert f"`{name}" in section, name
    assert '"/usr/bin/chromium"' in conftest and "`/usr/bin/chromium`" in section
