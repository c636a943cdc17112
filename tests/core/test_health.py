"""/health and /health/ready, as a load balancer and a monitoring probe ask them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from madina.core import health
from madina.core.models import WorkerHeartbeat

# A load balancer asks by address over plain HTTP: no allowed host, no HTTPS.
PROBE = {"HTTP_HOST": "10.0.0.7:8000"}


@pytest.fixture(autouse=True)
def _production_security(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["madina.example.tn"]


def test_alive_answers_without_touching_the_database(client):
    """No django_db mark: pytest-django would fail this test on any database access."""
    response = client.get("/health", **PROBE)
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_ready_checks_the_database_the_cache_and_the_migrations(client):
    response = client.get("/health/ready", **PROBE)
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["database"]["ok"] and body["cache"]["ok"]
    assert body["migrations"] == {"ok": True, "pending": 0}
    assert body["worker"] == {"ok": False, "workers": 0, "last_beat_seconds": None}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/health/ready", **PROBE)
    assert response.status_code == 503
    assert response.json()["cache"]["ok"] is False
    assert response.json()["ready"] is False


@pytest.mark.django_db
def test_ready_is_503_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("core", "9999_next")])
    response = client.get("/health/ready", **PROBE)
    assert response.status_code == 503
    assert response.json()["migrations"] == {"ok": False, "pending": 1}


@pytest.mark.django_db
def test_a_worker_is_alive_while_it_beats_and_not_once_it_is_late():
    beat = health.Heartbeat("worker-on-machine-2")
    beat.beat()
    worker = health.readiness()[1]["worker"]
    assert worker["ok"] and worker["workers"] == 1 and worker["last_beat_seconds"] < 5
    beat.beat(now=timezone.now() - timedelta(minutes=5))
    assert health.readiness()[1]["worker"]["ok"] is False
    beat.stop()
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_a_silent_worker_does_not_take_the_web_server_out(client):
    """A load balancer would otherwise remove every web server because the one worker stopped."""
    assert not WorkerHeartbeat.objects.exists()
    assert client.get("/health/ready", **PROBE).status_code == 200
