"""Two production app servers on one database, as behind a load balancer: what one knows, the other knows.

Run with the database cache (no REDIS_URL) and with Redis. A login made on one server is a session on the other
(with Redis, sessions are read from it); failed logins counted on one lock the account on the other. With a cache
private to each process (Django's default) the second server does not know the failed attempts: that test fails.
"""

import os
import uuid

import pytest

from tests.servers import Client, fresh_database, prepare, production_env, production_server

REDIS = os.environ.get("MADINA_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "un-mot-de-passe-solide-2026"
MAKE_CITIZEN = (
    "from allauth.account.models import EmailAddress; from madina.accounts.models import User; "
    "u = User.objects.create_user(email='{email}', password='{password}'); "
    "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)"
)


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("MADINA_REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {REDIS} (set MADINA_REQUIRE_REDIS=1 to make this a failure)")
    return REDIS


@pytest.fixture(scope="module", params=["database cache", "redis"])
def two_servers(request, tmp_path_factory):
    # Keys of this run only: Redis outlives it and other test processes share it (and the loopback's address).
    extra = {"REDIS_URL": _redis_or_skip(), "MADINA_CACHE_PREFIX": f"test-{uuid.uuid4().hex[:8]}"} \
        if request.param == "redis" else {}
    with fresh_database() as database:
        env = production_env(tmp_path_factory.mktemp("scale-out"), **extra, **database)
        people = {name: f"{name}-{uuid.uuid4().hex[:8]}@example.tn" for name in ("salma", "karim")}
        prepare(env, *(("shell", "-c", MAKE_CITIZEN.format(email=email, password=PASSWORD))
                       for email in people.values()))
        with production_server(env) as first, production_server(env) as second:
            yield first, second, people


def _sign_in(client, server, email, password):
    status, headers, _page = client.post_form(server + "/comptes/login/", {"login": email, "password": password})
    return status, headers.get("Location", "")


@pytest.mark.slow
def test_a_session_opened_on_one_server_is_valid_on_the_other(two_servers):
    first, second, people = two_servers
    salma = Client()
    assert _sign_in(salma, first, people["salma"], PASSWORD)[0] == 302
    status, _headers, page = salma.get(second + "/comptes/profil/")
    assert status == 200
    assert people["salma"] in page


@pytest.mark.slow
def test_failed_logins_counted_on_one_server_lock_the_account_on_the_other(two_servers):
    first, second, people = two_servers
    guesser = Client()
    for attempt in range(5):
        status, _location = _sign_in(guesser, first, people["karim"], f"wrong-{attempt}")
        assert status == 200  # the form again, with its error
    karim = Client()
    status, _location = _sign_in(karim, second, people["karim"], PASSWORD)
    assert status == 200, "the right password is refused while the account is locked, on every server"
