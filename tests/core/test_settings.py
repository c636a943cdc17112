"""Configuration comes from the environment; production settings pass Django's deployment checklist."""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.servers import PRODUCTION, madina, outside_env


def _madina(*args, env):
    return madina(*args, env=outside_env() | env, timeout=120)


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = _madina(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "MADINA_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["SECRET_KEY", "MADINA_BALLOT_KEY", "ALLOWED_HOSTS", "MADINA_SITE_URL"])
def test_production_refuses_to_start_without_a_required_setting_in_one_line(tmp_path, name):
    result = _madina("check", env={**PRODUCTION, name: " ", "MADINA_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"madina: DEBUG is off, so {name} must be set (README.md, Production; DEBUG=1 for development)."
    ]


def test_debug_is_off_unless_set(tmp_path):
    """Nothing to forget: a machine where DEBUG was never set runs production and asks for its secrets."""
    result = _madina("check", env=dict.fromkeys(PRODUCTION, "") | {"MADINA_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "DEBUG is off, so SECRET_KEY, MADINA_BALLOT_KEY, ALLOWED_HOSTS, MADINA_SITE_URL must be set" in result.stderr


def test_the_ballot_key_is_not_the_secret_key(tmp_path):
    """Rotating SECRET_KEY keeps every voter's link to their ballot; the ballot key alone decides it."""
    code = "from madina.budgeting.secrecy import ballot_link; print(ballot_link(7, 'u:42'))"

    def link(**env):
        out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                             env={**os.environ, **PRODUCTION, "MADINA_VAR_DIR": str(tmp_path),
                                  "DJANGO_SETTINGS_MODULE": "madina.settings", **env},
                             capture_output=True, text=True, cwd=REPO)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    first = link()
    assert link(SECRET_KEY="another-" + "s" * 60) == first
    assert link(MADINA_BALLOT_KEY="another-ballot-key-" + "b" * 40) != first


def test_database_url_selects_postgresql(tmp_path):
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])"
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://madina@db.example:5432/madina_prod",
        "DJANGO_SETTINGS_MODULE": "madina.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.stdout.split() == ["django.db.backends.postgresql", "madina_prod", "db.example"], out.stderr


def test_sqlite_is_the_default(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {
        **os.environ,
        "DATABASE_URL": "",
        "MADINA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "madina.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.stdout.strip() == "django.db.backends.sqlite3", out.stderr


def test_every_setting_is_read_in_settings_py_and_listed_in_the_readme():
    """Apps read `settings.NAME` with no default of their own; each environment variable is documented."""
    source = (REPO / "src" / "madina" / "settings.py").read_text()
    readme = (REPO / "README.md").read_text()
    variables = set(re.findall(r'(?:os\.environ\.get|env_\w+)\(\s*"([A-Z_]+)"', source))
    assert {"MADINA_SITE_URL", "MADINA_TOUR_SECONDS", "PARTICIPATION_PROPOSAL_RATE"} <= variables
    undocumented = sorted(name for name in variables if f"`{name}`" not in readme)
    assert not undocumented, f"add to README.md's configuration table: {undocumented}"
    defined = set(re.findall(r"^([A-Z][A-Z0-9_]+) =", source, re.MULTILINE))
    for path in (REPO / "src" / "madina").rglob("*.py"):
        text = path.read_text()
        assert "getattr(settings" not in text, f"{path}: read settings.NAME, defined in settings.py"
        for name in re.findall(r"settings\.((?:MADINA|PARTICIPATION)_[A-Z0-9_]+)", text):
            assert name in defined, f"{path}: settings.{name} is not defined in settings.py"


def test_the_sender_and_calendar_domain_follow_the_sites_address(tmp_path):
    code = "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL, settings.MADINA_SITE_DOMAIN)"
    env = {**os.environ, "MADINA_SITE_URL": "https://madina.gov.tn/", "MADINA_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "madina.settings", "DEFAULT_FROM_EMAIL": ""}
    env.pop("DEFAULT_FROM_EMAIL")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=env,
                         capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "Madina <no-reply@madina.gov.tn> madina.gov.tn", out.stderr
