"""Limits on what one person, one address or one target may do in a window of time, counted atomically and shared
by every process and machine, so that 30 requests sent at once are counted as 30 (decisions/0004).

`hit(name, rate)` counts one attempt under `name` ("support:user:42", "eligibility:address:10.0.0.1") and says
whether it is within `rate`, a (count, minutes) pair read from the settings: at most `count` attempts in a window
of `minutes`, the window starting at the first attempt. The attempt is counted even when refused, so hammering a
limit does not shorten it. `limit(...)` raises `RateLimited` instead. A service limited per address takes it as an
argument (`visitor(request)` in the view), `None` when it is called by code rather than for a visitor.
`standing(name)` reads a count without adding to it (a lockout shown to the staff), `reset(name)` lifts it.

With Redis (REDIS_URL) the counters are Redis keys (INCR, and EXPIRE NX for the window, in one pipeline); without
it they are rows of `core_ratecounter`, moved by one INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic in SQLite
and PostgreSQL alike. Django's database cache would not do: its `incr` reads then writes.
"""

from __future__ import annotations

import functools
import time

import redis
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .errors import RateLimited

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"

_UPSERT = """
INSERT INTO core_ratecounter (name, window_ends, hits) VALUES (%s, %s, 1)
ON CONFLICT (name) DO UPDATE SET
    hits = CASE WHEN core_ratecounter.window_ends <= %s THEN 1 ELSE core_ratecounter.hits + 1 END,
    window_ends = CASE WHEN core_ratecounter.window_ends <= %s THEN excluded.window_ends
                       ELSE core_ratecounter.window_ends END
RETURNING hits
"""


def _in_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"] == REDIS_CACHE


def stored_name(name: str) -> str:
    """What a counter is stored under: a keyed hash, since names hold e-mail and network addresses."""
    return salted_hmac("madina.ratelimit", name).hexdigest()


def _count(name: str, seconds: int) -> int:
    """The attempts under `name` in its current window, this one included."""
    name = stored_name(name)
    if _in_redis():
        # INCR then EXPIRE NX in one round trip: the first attempt opens the window, later ones leave it alone, and
        # a key cannot outlive its window (Django's cache.incr checks then increments, and could recreate a key that
        # just expired without any expiry).
        key = cache.make_and_validate_key(f"ratelimit:{name}")
        pipe = _redis(settings.CACHES["default"]["LOCATION"]).pipeline()
        pipe.incr(key)
        pipe.expire(key, seconds, nx=True)
        return pipe.execute()[0]
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [name, now + seconds, now, now])
        return cursor.fetchone()[0]


def standing(name: str) -> tuple[int, int]:
    """The attempts counted under `name` in its current window and the seconds until that window ends; (0, 0)
    when none is open. Reading does not count."""
    stored = stored_name(name)
    if _in_redis():
        key = cache.make_and_validate_key(f"ratelimit:{stored}")
        pipe = _redis(settings.CACHES["default"]["LOCATION"]).pipeline()
        pipe.get(key)
        pipe.ttl(key)
        hits, ttl = pipe.execute()
        return (int(hits), max(ttl, 0)) if hits is not None and ttl > 0 else (0, 0)
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute("SELECT hits, window_ends FROM core_ratecounter WHERE name = %s AND window_ends > %s",
                       [stored, now])
        row = cursor.fetchone()
    return (row[0], row[1] - now) if row else (0, 0)


def reset(name: str) -> None:
    """Forget the attempts under `name`: staff lifting a lockout they judged mistaken."""
    stored = stored_name(name)
    if _in_redis():
        _redis(settings.CACHES["default"]["LOCATION"]).delete(cache.make_and_validate_key(f"ratelimit:{stored}"))
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_ratecounter WHERE name = %s", [stored])


def sweep() -> int:
    """Delete the counters whose window has ended (Redis expires its keys itself): the hourly housekeeping keeps
    the table as small as the limits currently open."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_ratecounter WHERE window_ends <= %s", [int(time.time())])
        return cursor.rowcount


@functools.cache
def _redis(location: str) -> redis.Redis:
    return redis.Redis.from_url(location)


def attempts(name: str, minutes: int) -> int:
    """Count one attempt and return how many there have been in the window, this one included: for a caller
    that acts once when a threshold is crossed (`== count + 1`) rather than refusing."""
    return _count(name, minutes * 60)


def hit(name: str, rate: tuple[int, int]) -> bool:
    """Count one attempt; True while there have been at most `count` in the window."""
    count, minutes = rate
    return attempts(name, minutes) <= count


def limit(name: str, rate: tuple[int, int], message: str) -> None:
    """Count one attempt, or refuse it with `message` (which may name %(count)d and %(minutes)d)."""
    if not hit(name, rate):
        count, minutes = rate
        raise RateLimited(message % {"count": count, "minutes": minutes})


def limit_follows(user) -> None:
    """Following and unfollowing processes, proposals and projects share one count per person: each follow may
    send e-mails later, so a script flipping them is held back like any other write."""
    limit(f"follow:user:{user.pk}", settings.MADINA_FOLLOW_RATE,
          _("Vous avez suivi ou cessé de suivre %(count)d fois en %(minutes)d minutes : attendez un peu."))


def visitor(request) -> str:
    """What a request's limits per address are counted under: its address, or one shared "unknown" bucket when
    none can be read (failing closed: a visitor cannot escape the limit by hiding their address)."""
    return client_address(request) or "unknown"


def client_address(request) -> str | None:
    """The visitor's address, read behind MADINA_PROXY_COUNT proxies as allauth's login limits read it; None when
    the proxy headers do not match the setting."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
