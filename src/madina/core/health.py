"""Is this app server ready, and are the background workers alive? Answered for load balancers and monitoring.

`/health` says the process answers (no database touched: a load balancer asks it often). `/health/ready` checks
what a page needs — the database, the cache, every migration applied — and is 503 when one fails, so that a load
balancer sends no one to a server that would answer errors. It also says how long ago a background worker last
beat; a silent worker does not make the web server unready (a load balancer would otherwise take every server out
because the one worker stopped), monitoring alerts on `worker.ok` instead.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

_migrations_applied = False

ALIVE, READY = "/health", "/health/ready"


class HealthMiddleware:
    """First in the chain: a load balancer asks by address, over plain HTTP, and must get the answer itself — not
    a redirect to HTTPS, not a refusal of its Host header, not a session or a language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == ALIVE:
            return HttpResponse("ok\n", content_type="text/plain")
        if request.path == READY:
            ready, checks = readiness()
            response = JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def readiness() -> tuple[bool, dict]:
    checks = {"database": _database(), "cache": _cache(), "migrations": _migrations()}
    ready = all(check["ok"] for check in checks.values())
    checks["worker"] = _worker() if checks["database"]["ok"] else {"ok": False, "error": "no database"}
    return ready, checks


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except DatabaseError as error:
        return {"ok": False, "error": _first_line(error)}


def _cache() -> dict:
    key = f"madina:health:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, timeout=10)
        ok = cache.get(key) == 1
        cache.delete(key)
        return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}
    except Exception as error:  # Redis, the database cache: each raises its own kind
        return {"ok": False, "error": _first_line(error)}


def _migrations() -> dict:
    """Once all are applied, this process stops asking: migrations are not unapplied under a running site."""
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True, "pending": 0}
    try:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as error:
        return {"ok": False, "error": _first_line(error)}
    _migrations_applied = pending == 0
    return {"ok": pending == 0, "pending": pending}


def _worker() -> dict:
    try:
        beats = list(WorkerHeartbeat.objects.values_list("beat_at", flat=True))
    except DatabaseError as error:
        return {"ok": False, "error": _first_line(error)}
    if not beats:
        return {"ok": False, "workers": 0, "last_beat_seconds": None}
    age = (timezone.now() - max(beats)).total_seconds()
    alive = sum(1 for beat in beats if timezone.now() - beat < _LATE)
    return {"ok": alive > 0, "workers": alive, "last_beat_seconds": round(age, 1)}


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


# The worker's side -----------------------------------------------------------------------------------------------

BEAT_SECONDS = 15
_LATE = timedelta(seconds=4 * BEAT_SECONDS)  # a worker busy on a long plan still beats: its beat is a thread


class Heartbeat:
    """Beats every BEAT_SECONDS from a thread of its own while the worker runs tasks; says goodbye on exit."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id[:64]
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="madina-heartbeat", daemon=True)

    def start(self) -> None:
        # A worker killed without its goodbye leaves a row; a day later it is not worth reporting.
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker %s: could not remove its heartbeat", self.worker_id)

    def beat(self, now: datetime | None = None) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": self.started_at,
                      "beat_at": now or timezone.now()},
        )

    def _run(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            try:
                self.beat()
            except DatabaseError:  # a locked SQLite file, a restarting server: the next beat will tell
                logger.warning("worker %s: heartbeat not written", self.worker_id, exc_info=True)
            finally:
                connections.close_all()  # this thread's own connections: none left open between beats
