"""The rules of docs/ARCHITECTURE.md, checked on every run: pure cores import no Django, apps import only from the
layers below them, no import cycle inside an app, and no module grows past the size a newcomer reads at once."""

from importlinter.cli import lint_imports

from tests.conftest import REPO

SOURCE = REPO / "src" / "madina"
MAX_LINES = 400


def test_layers_pure_cores_and_no_cycles_hold(monkeypatch):
    monkeypatch.chdir(REPO)
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0


def test_no_module_outside_the_cores_and_migrations_is_over_400_lines():
    """Past that, a module mixes jobs: split it along its seams (docs/ARCHITECTURE.md)."""
    cores = (SOURCE / "tour", SOURCE / "pb")
    too_long = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts and not path.is_relative_to(cores[0]) and not path.is_relative_to(cores[1])
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not too_long, too_long
