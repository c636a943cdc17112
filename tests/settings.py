"""The suite's settings: Madina's own, read in development mode (DEBUG on at import: no secret to supply, static
files from the apps). pytest-django then runs each test with DEBUG off, as Django's test runner does, and the
tests of production settings start `madina` in a subprocess with DEBUG=0."""

import os

os.environ.setdefault("DEBUG", "1")

from madina.settings import *  # noqa: F403

# Each test process keeps its own cache, emptied where a test needs it (tests/territory/conftest.py): a cache in
# the database would not be reachable from tests without database access. The shared caches of production (the
# database's, Redis) are tested across real server processes in tests/core/test_scale_out.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A page kept from one test would be served in the next; tests/core/test_pagecache.py turns it on where it tests it.
MADINA_PAGE_CACHE_SECONDS = 0
