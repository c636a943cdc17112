"""The readiness tests' small world (places, staff, a citizen) serves the surveys too."""

from tests.assessment.conftest import _fast, world  # noqa: F401
