"""The Arabic and English catalogues: complete, compiled, in step with the code, and used by the pages.

The French text is the msgid, so an untranslated entry shows French to an Arabic or English reader; the
compiled .mo files are what runs (a fresh machine has no gettext tools), so they must say what the .po says.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "madina"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ar", "en")
NPLURALS = {"ar": 6, "en": 2}
# The plural forms that stand for "many" must keep every placeholder; Arabic may write zero, one and two
# in words ("لا مقترحات", "مقترح واحد", "مقترحان"), English writes one with its number anyway.
MANY_FORMS = {"ar": (3, 4, 5), "en": (1,)}
# Named in their own script in every language.
LANGUAGE_NAMES = {"Français", "العربية", "English"}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{\s*\w+\s*\}\}")
TAG = re.compile(r"</?[a-z][^>]*>")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def forms(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_checked(lang):
    po = catalogue(lang)
    assert len(po) > 100
    assert f"nplurals={NPLURALS[lang]};" in po.metadata["Plural-Forms"].replace(" ", "")
    assert not po.metadata_is_fuzzy
    untranslated = [e.msgid for e in po if not all(f.strip() for f in forms(e))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    wrong_count = [e.msgid for e in po if e.msgid_plural and len(e.msgstr_plural) != NPLURALS[lang]]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"
    assert not wrong_count, f"plural entries without {NPLURALS[lang]} forms in {lang}: {wrong_count}"
    assert not [e for e in po if e.obsolete]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_tags(lang):
    problems = []
    for entry in catalogue(lang):
        if not entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr, True)]
        else:
            pairs = [
                (entry.msgid_plural if i else entry.msgid, text, i in MANY_FORMS[lang])
                for i, text in sorted(entry.msgstr_plural.items())
            ]
        for source, text, complete in pairs:
            wanted, got = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            if (wanted != got) if complete else not set(got) <= set(wanted):
                problems.append((entry.msgid, text))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
                problems.append((entry.msgid, text))
    assert not problems, problems[:10]


def test_arabic_is_written_in_arabic():
    """A French (or Latin-script) msgstr left in the Arabic catalogue is an untranslated entry in disguise."""
    latin_only = []
    for entry in catalogue("ar"):
        if entry.msgid in LANGUAGE_NAMES:
            continue
        prose = PLACEHOLDER.sub("", TAG.sub("", entry.msgid))
        for text in forms(entry):
            if LATIN_WORD.search(prose) and not ARABIC_LETTER.search(text):
                latin_only.append((entry.msgid, text))
    assert not latin_only, latin_only[:10]


def test_language_names_stay_in_their_own_script():
    for lang in LANGUAGES:
        po = catalogue(lang)
        for name in LANGUAGE_NAMES:
            assert po.find(name).msgstr == name


def test_both_catalogues_hold_the_same_entries():
    assert {key(e) for e in catalogue("ar")} == {key(e) for e in catalogue("en")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_says_what_the_po_says(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    runs = compiled._catalog
    po = catalogue(lang)
    stale = []
    for entry in po:
        if entry.msgid_plural:
            if any(runs.get((key(entry), i)) != text for i, text in entry.msgstr_plural.items()):
                stale.append(entry.msgid)
        elif runs.get(key(entry)) != entry.msgstr:
            stale.append(entry.msgid)
    assert not stale, f"{len(stale)} entries differ from the .mo (run `make messages`): {stale[:10]}"
    in_mo = {k if isinstance(k, str) else k[0] for k in runs} - {""}
    assert in_mo == {key(e) for e in po}
    assert compiled.info()["plural-forms"] == po.metadata["Plural-Forms"]


HOME_TEXTS = {
    "ar": (
        '<html lang="ar" dir="rtl">',
        "الانتقال إلى المحتوى",
        "القافلة",
        "المجال الترابي",
        "محيطات المدن الذكية",
        "المشاريع",
        "المشاركة",
        "تسجيل الدخول",
        "المدن الذكية والمستدامة في تونس",
    ),
    "en": (
        '<html lang="en" dir="ltr">',
        "Skip to content",
        ">Caravan<",
        ">Territory<",
        ">Perimeters<",
        ">Projects<",
        ">Take part<",
        "Sign in",
        "Smart and sustainable cities of Tunisia",
    ),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_speaks_the_chosen_language(client, db, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get("/").content.decode()
    missing = [text for text in HOME_TEXTS[lang] if text not in html]
    assert not missing, missing
    assert "Aller au contenu" not in html and "Navigation principale" not in html


def _extract(tmp_path: Path) -> polib.POFile:
    """Run Django's makemessages on a copy of the package, the way `make messages` does, and return its .pot."""
    copy = tmp_path / "madina"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "locale", "__pycache__", "*.pyc"))
    (copy / "locale").mkdir()
    (tmp_path / "extraction_settings.py").write_text(
        f"from madina.settings import *  # noqa: F403\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extraction_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
        "MADINA_VAR_DIR": str(tmp_path / "var"),
    }
    command = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "-l",
        "en",
        "--keep-pot",
        "--no-location",
        "--ignore",
        "static/*",
        "--ignore",
        "migrations/*",
    ]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return polib.pofile(str(copy / "locale" / "django.pot"))


@pytest.mark.slow
@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="xgettext (GNU gettext) is not installed: cannot extract"
)
def test_the_catalogues_are_up_to_date_with_the_code(tmp_path):
    """A new {% translate %} or gettext string without its Arabic and English fails here (`make messages`)."""
    fresh = _extract(tmp_path)
    assert len(fresh) > 100
    wanted = {(key(e), e.msgid_plural) for e in fresh}
    for lang in LANGUAGES:
        have = {(key(e), e.msgid_plural) for e in catalogue(lang) if all(f.strip() for f in forms(e))}
        missing = sorted(wanted - have)
        assert not missing, f"{len(missing)} strings of the code are not translated in {lang}: {missing[:10]}"
