"""Shared helpers for the pb tests: the 60 Pabulib files shipped in data/pabulib."""

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "pabulib"
FILES = sorted(DATA.glob("*.pb"))
BIG = ("Poland_Warszawa_2020_Bialoleka", "Poland_Warszawa_2021_Bielany", "Poland_Lodz_2024")


def head(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")[:4000]


def vote_type(path: Path) -> str:
    for line in head(path).splitlines():
        if line.startswith("vote_type;"):
            return line.split(";")[1].strip()
    raise AssertionError(f"{path} has no vote_type")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
