"""Rate limits counted atomically and shared: in the database without Redis, in Redis with it; 30 attempts sent
at once are counted as 30."""

import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.cache import cache
from django.db import connection

from madina.core import ratelimit
from madina.core.errors import RateLimited

REDIS = {"default": {"BACKEND": ratelimit.REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/7",
                     "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    if request.param == "redis":
        settings.CACHES = REDIS
        cache.close()
    return request.param


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    return now


@pytest.mark.django_db
def test_a_limit_refuses_past_its_count_and_opens_again_after_its_window(store, clock):
    if store == "redis":
        pytest.skip("Redis ends the window itself (its key's expiry): the next test holds the count")
    results = [ratelimit.hit("support:user:1", (3, 10)) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("support:user:2", (3, 10))  # another person has their own count
    clock[0] += 10 * 60
    assert ratelimit.hit("support:user:1", (3, 10))


@pytest.mark.django_db
def test_a_refusal_says_the_limit_in_the_persons_words(store):
    name = f"report:user:{uuid.uuid4().hex}"
    ratelimit.limit(name, (1, 60), "%(count)d en %(minutes)d minutes")
    with pytest.raises(RateLimited) as refused:
        ratelimit.limit(name, (1, 60), "%(count)d en %(minutes)d minutes")
    assert refused.value.message == "1 en 60 minutes" and refused.value.status == 429


@pytest.mark.django_db(transaction=True)
def test_thirty_attempts_at_once_are_counted_as_thirty(store):
    if store == "database" and connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL; SQLite serialises all writers (set DATABASE_URL)")
    name, barrier = f"proposal:user:{uuid.uuid4().hex}", Barrier(30)

    def attempt(_):
        try:
            barrier.wait(timeout=30)
            return ratelimit.hit(name, (5, 60))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(attempt, range(30)))
    assert results.count(True) == 5


def test_the_address_is_read_behind_the_configured_proxies(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert ratelimit.client_address(request) == "203.0.113.9"


def test_a_redis_counter_always_ends_with_its_window(settings):
    settings.CACHES = REDIS
    cache.close()
    name = f"support:user:{uuid.uuid4().hex}"
    for _ in range(3):
        ratelimit.hit(name, (5, 10))
    key = cache.make_and_validate_key(f"ratelimit:{ratelimit.stored_name(name)}")
    client = ratelimit._redis(REDIS["default"]["LOCATION"])
    assert int(client.get(key)) == 3 and 0 < client.ttl(key) <= 600


@pytest.mark.django_db
def test_a_count_can_be_read_without_counting_and_lifted(store):
    name = f"eligibility:user:{uuid.uuid4().hex}"
    assert ratelimit.standing(name) == (0, 0)
    for _ in range(3):
        ratelimit.hit(name, (2, 10))
    hits, seconds = ratelimit.standing(name)
    assert hits == 3 and 0 < seconds <= 600
    assert ratelimit.standing(name)[0] == 3  # reading twice counted nothing
    ratelimit.reset(name)
    assert ratelimit.standing(name) == (0, 0)
    assert ratelimit.hit(name, (2, 10))


@pytest.mark.django_db
def test_the_hourly_housekeeping_deletes_only_ended_windows(clock):
    from django.core.management import call_command

    from madina.core.models import RateCounter

    ratelimit.hit("support:user:1", (3, 10))
    ratelimit.hit("support:user:2", (3, 60))
    clock[0] += 30 * 60
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "rate counters: 1" in out.getvalue()
    assert RateCounter.objects.count() == 1
    assert ratelimit.standing("support:user:2") == (1, 30 * 60)


def test_housekeeping_refuses_a_loop_shorter_than_a_minute():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="at least 60"):
        call_command("housekeeping", "--every", "5")
