"""Backup and restore as an operator runs them: the demo plus a counted budget and an uploaded image, backed up
from one database and restored into an empty one; every table's rows, every upload, every voter's ballot again."""

import json

import pytest

from tests.servers import fresh_database, madina, prepare, production_env

SCENARIO = ("shell", "-c", "import tests.backup_scenario")
COUNTS = ("shell", "-c", "import json\nfrom django.db import connection\nfrom madina.core import backup\n"
          "with connection.cursor() as c: print(json.dumps(backup._counts(c)))")
RESULT = ("shell", "-c", "import json\nfrom madina.budgeting.models import Budget\nb = Budget.objects.get()\n"
          "print(json.dumps({'state': b.count_state, 'ballots': b.ballot_count, 'winners': "
          "sorted(b.projects.filter(is_selected=True).values_list('pk', flat=True))}))")
FIND_BALLOTS = ("shell", "-c", "from madina.budgeting.backup import voters_find_their_ballots as f\nprint(f())")


def _last_line(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def _env(tmp_path, name, database):
    return production_env(tmp_path / name, TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
                          EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", **database)


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """The demo, voted and counted, backed up: (folder, source row counts, budget result)."""
    tmp_path = tmp_path_factory.mktemp("backup")
    with fresh_database() as database:
        env = _env(tmp_path, "source", database)
        prepare(env, ("demo", "--quiet"), static=False)
        result = json.loads(_last_line(madina(*SCENARIO, env=env)))
        assert result["state"] == "done" and result["ballots"] == 12 and result["winners"]
        counts = json.loads(_last_line(madina(*COUNTS, env=env)))
        done = madina("backup", str(tmp_path / "backup"), env=env)
        assert done.returncode == 0, done.stderr
        yield tmp_path / "backup", counts, result


@pytest.mark.slow
def test_a_restore_gives_back_every_row_every_upload_and_every_ballot(backed_up, tmp_path):
    folder, counts, result = backed_up
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == counts and manifest["media"]["files"] == 1
    assert manifest["ballot_key_check"] and "ballot-key-for-the-deploy-check" not in json.dumps(manifest)
    with fresh_database() as database:
        env = _env(tmp_path, "restored", database)
        restored = madina("restore", str(folder), env=env)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "12 voters find their ballot" in restored.stdout
        assert json.loads(_last_line(madina(*COUNTS, env=env))) == counts
        assert json.loads(_last_line(madina(*RESULT, env=env))) == result
        assert _last_line(madina(*FIND_BALLOTS, env=env)) == "12 voters find their ballot"
        uploads = [path for path in (tmp_path / "restored" / "media").rglob("*") if path.is_file()]
        assert [path.name for path in uploads] == ["oasis.png"]


@pytest.mark.slow
def test_a_restore_under_another_ballot_key_is_refused_before_writing(backed_up, tmp_path):
    folder, _counts, _result = backed_up
    with fresh_database() as database:
        env = _env(tmp_path, "other-key", database) | {"MADINA_BALLOT_KEY": "another-ballot-key-" + "z" * 30}
        refused = madina("restore", str(folder), env=env)
        assert refused.returncode == 1
        assert "another MADINA_BALLOT_KEY" in refused.stderr
        tables = madina("shell", "-c", "from django.db import connection\n"
                        "print(len(connection.introspection.table_names()))", env=env)
        assert _last_line(tables) == "0"


@pytest.mark.slow
def test_a_restore_into_a_database_in_use_is_refused(backed_up, tmp_path):
    folder, _counts, _result = backed_up
    with fresh_database() as database:
        env = _env(tmp_path, "in-use", database)
        prepare(env, static=False)
        refused = madina("restore", str(folder), env=env)
        assert refused.returncode == 1 and "not empty" in refused.stderr


@pytest.mark.parametrize(("manifest", "said"), [
    (None, "manifest.json is missing"),
    ("{not json", "damaged"),
    ('{"format": 99}', "not a backup this version"),
    ('{"format": 1, "vendor": "sqlite"}', "lacks tables, media, ballot_key_check"),
])
def test_a_folder_that_is_not_a_backup_is_refused_in_words(tmp_path, manifest, said):
    folder = tmp_path / "backup"
    folder.mkdir()
    if manifest is not None:
        (folder / "manifest.json").write_text(manifest)
    refused = madina("restore", str(folder), env=_env(tmp_path, "var", {}))
    assert refused.returncode == 1 and said in refused.stderr


def test_backing_up_into_a_folder_in_use_is_refused(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "notes.txt").write_text("x")
    env = _env(tmp_path, "var", {})
    assert madina("migrate", "-v0", env=env).returncode == 0
    refused = madina("backup", str(folder), env=env)
    assert refused.returncode == 1 and "not empty" in refused.stderr
