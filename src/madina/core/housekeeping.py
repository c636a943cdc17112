"""The hourly housekeeping (`madina housekeeping`, run by deploy/systemd/madina-housekeeping.timer or the compose
file's `housekeeping` service): each app registers its sweeps in its `ready`, so core runs caravan's release of
unconfirmed registrations without importing caravan."""

from __future__ import annotations

from collections.abc import Callable

JOBS: dict[str, Callable[[], int]] = {}


def register(name: str, job: Callable[[], int]) -> None:
    """`job` does one sweep and returns how many rows it changed; `name` says what in the command's report."""
    JOBS[name] = job


def run() -> dict[str, int]:
    return {name: job() for name, job in JOBS.items()}
