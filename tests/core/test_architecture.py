"""The layering rule of docs/ARCHITECTURE.md, checked on every run: pure cores import no Django and apps
import only from the layers below them."""

from importlinter.cli import lint_imports

from tests.conftest import REPO


def test_layers_and_pure_cores_hold(monkeypatch):
    monkeypatch.chdir(REPO)
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0
