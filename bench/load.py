"""Madina under load as deployed: `DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/load.py`.

Creates a throw-away PostgreSQL database next to DATABASE_URL's (dropped at the end; the configured one is never
touched), loads the demo and a process of 10,000 proposals and 200,000 supports, starts two production servers
(`madina serve --production --workers 2`, on two loopback ports) and one `madina db_worker`, with Redis for the
cache and the sessions. Then, requests alternating between the two servers, bounded in number and time:

1. anonymous browsing: home, catalogue, map data, process page, proposal page, API lists;
2. signed-in writes through the API: supports and comments;
3. ballots: first ballots of distinct voters, through the API.

It prints requests/s and p50/p95/p99 per endpoint and the errors, checks the stored counts against the writes the
servers acknowledged (none lost, none doubled), and checks across the two servers that a session opened on one is
valid on the other and that failed logins counted on one lock the account on the other. docs/load.md keeps runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "un-mot-de-passe-solide-2026"


def _settings(database_url: str, redis_url: str) -> dict:
    return {
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(48), "MADINA_BALLOT_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1", "MADINA_SITE_URL": "http://127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "MADINA_PROXY_COUNT": "0", "DATABASE_URL": database_url, "CONN_MAX_AGE": "60", "REDIS_URL": redis_url,
        "MADINA_CACHE_PREFIX": f"load-{uuid.uuid4().hex[:8]}", "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING", "MADINA_VAR_DIR": tempfile.mkdtemp(prefix="madina-load-"),
    }


@contextmanager
def throwaway_database(url: str):
    server, _, _name = url.rpartition("/")
    name = f"madina_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The data --------------------------------------------------------------------------------------------------------


def build(voters: int, writers: int) -> dict:
    """Runs in this process, Django set up on the throw-away database: what the requests will ask for."""
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone
    from proposals import SUPPORTERS
    from proposals import build as build_proposals

    from madina import demo
    from madina.accounts.models import User
    from madina.budgeting import services as budgeting
    from madina.budgeting.models import BudgetProject, Eligibility
    from madina.core.permissions import OPERATOR
    from madina.participation import services as participation
    from madina.participation.models import Phase, Process
    from madina.participation.phases import PhaseKind
    from madina.territory.models import Municipality

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo.load(verbosity=0)
    gabes = Municipality.objects.get(slug="gabes")
    now = timezone.now()
    process = Process.objects.create(slug="charge", title="Charge", municipality=gabes, is_published=True)
    Phase.objects.create(process=process, kind=PhaseKind.SUPPORTS, starts_at=now - timedelta(days=1),
                         ends_at=now + timedelta(days=30))
    supporters = User.objects.bulk_create(User(email=f"u{i}@charge.tn") for i in range(SUPPORTERS))
    build_proposals(process, 10_000, 200_000, supporters)
    staff = User.objects.create_user("mairie@charge.tn", PASSWORD)
    vote = participation.create_process(OPERATOR, municipality=gabes, slug="charge-vote", title="Vote")
    participation.add_phase(vote, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(days=1), now + timedelta(days=1))
    budget = budgeting.create_budget(vote, OPERATOR, title="Budget", amount_tnd=100_000, max_projects=3,
                                     eligibility=Eligibility.ACCOUNT)
    projects = [BudgetProject.objects.create(budget=budget, title=f"Projet {i}", cost_tnd=cost, position=i).pk
                for i, cost in enumerate((40_000, 30_000, 50_000, 20_000))]
    people = User.objects.bulk_create(User(email=f"votant{i}@charge.tn") for i in range(voters + writers))

    def session(user) -> str:
        store = SessionStore()
        store.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                      "_auth_user_hash": user.get_session_auth_hash()})
        store.create()
        return store.session_key

    login = User.objects.create_user("salma@charge.tn", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=login, email=login.email, verified=True, primary=True)
    proposals = list(process.proposals.order_by("pk").values_list("pk", flat=True))
    return {
        "process": process.slug, "proposals": proposals, "budget": budget.pk, "projects": projects,
        "voters": [session(user) for user in people[:voters]], "writers": [session(user) for user in people[voters:]],
        "staff": staff.pk, "login": login.email,
    }


# The servers ------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def servers(env: dict, workers: int):
    ports = [free_port(), free_port()]
    madina = [sys.executable, "-m", "madina.cli"]
    processes = [subprocess.Popen([*madina, "serve", "--production", "--port", str(port), "--workers", str(workers)],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for port in ports]
    processes.append(subprocess.Popen([*madina, "db_worker", "--no-reload", "--verbosity", "0"], env=env, cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"the server on port {port} did not start") from None
                    time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


# The load ---------------------------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def add(self, label: str, seconds: float, status: int, expected: tuple[int, ...]):
        with self.lock:
            self.times[label].append(seconds)
            if status not in expected:
                self.errors[label].append(str(status))

    def report(self, title: str, elapsed: float) -> dict:
        total = sum(len(times) for times in self.times.values())
        errors = sum(len(errors) for errors in self.errors.values())
        everything = [t for times in self.times.values() for t in times]
        print(f"\n{title}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} requests/s, {errors} errors"
              f" (p95 of all {_quantile(everything, 95):.0f} ms)")
        print(f"  {'endpoint':<28} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for label, times in sorted(self.times.items()):
            print(f"  {label:<28} {len(times):>8} {_quantile(times, 50):>8.0f} {_quantile(times, 95):>8.0f} "
                  f"{_quantile(times, 99):>8.0f} {len(self.errors[label]):>7}")
        return {"requests": total, "seconds": elapsed, "errors": errors, "p95": _quantile(everything, 95)}


def _quantile(times: list[float], q: int) -> float:
    if len(times) < 2:
        return (times[0] * 1000) if times else 0.0
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] * 1000


class Browser:
    """One keep-alive connection per server; each request goes to the other server than the one before, as the
    person given (their session), or as nobody."""

    def __init__(self, ports: list[int]):
        self.connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port in ports]
        self.turn = 0
        self.csrf = secrets.token_hex(16)
        self.cookie = f"csrftoken={self.csrf}"

    def request(self, method: str, path: str, body: dict | None = None,
                session: str | None = None) -> tuple[int, bytes, float]:
        connection = self.connections[self.turn % len(self.connections)]
        self.turn += 1
        cookie = self.cookie + (f"; sessionid={session}" if session else "")
        headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf})
        started = time.perf_counter()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
        except (ConnectionError, http.client.HTTPException, TimeoutError):
            connection.close()
            status, content = 0, b""
        return status, content, time.perf_counter() - started


def run(jobs: list, threads: int, seconds: float, make_browser, recorder: Recorder) -> float:
    """Each thread takes jobs (label, method, path, body, expected statuses, on_answer, session) until none are
    left or time is up."""
    lock = threading.Lock()
    queue = iter(jobs)
    deadline = time.monotonic() + seconds

    def worker(index: int):
        browser = make_browser(index)
        while time.monotonic() < deadline:
            with lock:
                job = next(queue, None)
            if job is None:
                return
            label, method, path, body, expected, on_answer, session = job
            status, content, elapsed = browser.request(method, path, body, session)
            recorder.add(label, elapsed, status, expected)
            if on_answer and status in expected:
                on_answer(content)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, range(threads)))
    return time.perf_counter() - started


def anonymous_jobs(data: dict, count: int) -> list:
    """A browsing mix over many addresses (pages of lists, searches, proposals), so that a page kept in the cache
    (core.pagecache) serves only the visitors who ask the same thing within its time."""
    proposals, process = data["proposals"], data["process"]
    words = ["eau", "oasis", "parking", "école", "solaire", "vélo", "déchets", "jardin", "bus", "wifi"]
    pages = [
        ("home", lambda n: "/"),
        ("catalogue", lambda n: f"/projets/?page={n % 5 + 1}"),
        ("catalogue search", lambda n: f"/projets/?{urlencode({'q': words[n % len(words)]})}"),
        ("map data", lambda n: f"/projets/carte.geojson?bbox={7.5 + n % 4},30.2,11.6,37.4&cell=0.2"),
        ("process page", lambda n: f"/participer/concertations/{process}/?sort=supports&page={n % 50 + 1}"),
        ("process search", lambda n: f"/participer/concertations/{process}/?q=Proposition+{n % 500}"),
        ("API projects", lambda n: f"/api/v1/projects?page={n % 5 + 1}"),
        ("API proposals", lambda n: f"/api/v1/processes/{process}/proposals?page={n % 50 + 1}"),
        ("proposal page", lambda n: f"/participer/propositions/{proposals[(n * 7919) % len(proposals)]}/"),
    ]
    jobs = []
    for n in range(count):
        label, path = pages[n % len(pages)]
        jobs.append((label, "GET", path(n // len(pages)), None, (200,), None, None))
    return jobs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000, help="anonymous requests (default 6000)")
    parser.add_argument("--writes", type=int, default=1500, help="supports and comments (default 1500)")
    parser.add_argument("--voters", type=int, default=1500, help="first ballots (default 1500)")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (default 2)")
    parser.add_argument("--seconds", type=float, default=120, help="time limit of each phase (default 120)")
    parser.add_argument("--page-cache", type=int, default=30,
                        help="MADINA_PAGE_CACHE_SECONDS of the servers (default 30, as in production; 0: off)")
    args = parser.parse_args()
    base, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not base.startswith(("postgres://", "postgresql://")) or not redis_url:
        raise SystemExit("bench/load.py measures the deployed set-up: set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    with throwaway_database(base) as url:
        env = {**os.environ, **_settings(url, redis_url), "MADINA_PAGE_CACHE_SECONDS": str(args.page_cache)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "madina.settings"
        sys.path.insert(0, str(Path(__file__).parent))
        import django

        django.setup()
        started = time.perf_counter()
        data = build(args.voters, args.threads * 4)
        print(f"data: demo + 10,000 proposals, 200,000 supports, {args.voters} voters "
              f"(built in {time.perf_counter() - started:.0f} s); {os.cpu_count()} cores, PostgreSQL + Redis")
        from django.db import connections

        connections.close_all()
        with servers(env, args.workers) as ports:
            print(f"two servers on ports {ports[0]} and {ports[1]}, {args.workers} workers each, one task worker; "
                  f"pages for visitors kept {args.page_cache} s")
            return measure(args, data, ports)


def measure(args, data: dict, ports: list[int]) -> int:
    from madina.budgeting.models import Ballot, Budget
    from madina.participation.models import Comment, Proposal, Support

    failures = []
    recorder = Recorder()
    run(anonymous_jobs(data, 200), args.threads, 60, lambda i: Browser(ports), Recorder())  # warm-up
    elapsed = run(anonymous_jobs(data, args.requests), args.threads, args.seconds, lambda i: Browser(ports), recorder)
    anonymous = recorder.report("anonymous browsing", elapsed)
    if anonymous["requests"] / elapsed < 150 or anonymous["p95"] > 300 or anonymous["errors"]:
        failures.append("anonymous mix below 150 requests/s, p95 above 300 ms or errors")

    supports_before = Support.objects.count()
    comments_before = Comment.objects.count()
    counts_before = sum(Proposal.objects.values_list("support_count", flat=True))
    acknowledged = {"support": 0, "comment": 0}
    ack_lock = threading.Lock()

    def ack(kind):
        def on_answer(content: bytes):
            body = json.loads(content)
            if kind == "comment" or body.get("supported"):
                with ack_lock:
                    acknowledged[kind] += 1
        return on_answer

    writers = data["writers"]
    proposals = data["proposals"]
    jobs, comments = [], defaultdict(int)
    for n in range(args.writes):
        writer = writers[n % len(writers)]
        # A comment in five, each person under the posting limit (PARTICIPATION_COMMENT_RATE, 10 in 10 minutes).
        if n % 5 == 4 and comments[writer] < 9:
            comments[writer] += 1
            jobs.append(("API comment", "POST", f"/api/v1/proposals/{proposals[n % len(proposals)]}/comments",
                         {"body": f"Commentaire de charge {n}"}, (201,), ack("comment"), writer))
        else:  # a proposal per support: each acknowledged support is a new one
            jobs.append(("API support", "POST", f"/api/v1/proposals/{proposals[(n * 7) % len(proposals)]}/support",
                         {}, (200,), ack("support"), writer))
    recorder = Recorder()
    elapsed = run(jobs, args.threads, args.seconds, lambda i: Browser(ports), recorder)
    recorder.report("signed-in writes", elapsed)
    new_supports = Support.objects.count() - supports_before
    new_counts = sum(Proposal.objects.values_list("support_count", flat=True)) - counts_before
    new_comments = Comment.objects.count() - comments_before
    print(f"  supports acknowledged {acknowledged['support']}, stored {new_supports}, counted {new_counts}; "
          f"comments acknowledged {acknowledged['comment']}, stored {new_comments}")
    if not acknowledged["support"] == new_supports == new_counts or acknowledged["comment"] != new_comments:
        failures.append("a write was lost or doubled")

    voters = data["voters"]
    projects = data["projects"]
    jobs = [("API ballot", "PUT", f"/api/v1/budgets/{data['budget']}/ballot",
             {"projects": [projects[n % 4], projects[(n + 1) % 4]]}, (200,), None, voter)
            for n, voter in enumerate(voters)]
    recorder = Recorder()
    elapsed = run(jobs, args.threads, args.seconds, lambda i: Browser(ports), recorder)
    ballots = recorder.report("first ballots", elapsed)
    budget = Budget.objects.get(pk=data["budget"])
    rows = Ballot.objects.filter(budget=budget).count()
    accepted = ballots["requests"] - ballots["errors"]
    print(f"  ballots acknowledged {accepted}, stored {rows}, counted {budget.ballot_count}: "
          f"{accepted / elapsed:.1f} ballots/s")
    if not accepted == rows == budget.ballot_count:
        failures.append("a ballot was lost or doubled")
    if accepted / elapsed < 150:
        failures.append("fewer than 150 ballots/s")

    failures += across_servers(data, ports)
    print("\n" + ("OK: every target met" if not failures else "MISSED: " + "; ".join(failures)))
    return 1 if failures else 0


def across_servers(data: dict, ports: list[int]) -> list[str]:
    """A session opened on one server is valid on the other; failed logins on one lock the account on the other."""
    import re

    def form_post(port, path, fields, cookies):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Cookie": cookies.get("all", "")})
        response = connection.getresponse()
        page = response.read().decode()
        _keep(cookies, response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        connection.request("POST", path, body=urlencode({"csrfmiddlewaretoken": token, **fields}),
                           headers={"Cookie": cookies["all"], "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        _keep(cookies, response)
        return response.status

    failures = []
    cookies: dict = {}
    signed_in = form_post(ports[0], "/comptes/login/", {"login": data["login"], "password": PASSWORD}, cookies)
    connection = http.client.HTTPConnection("127.0.0.1", ports[1], timeout=30)
    connection.request("GET", "/comptes/profil/", headers={"Cookie": cookies["all"]})
    shared = signed_in == 302 and connection.getresponse().status == 200
    print(f"\nsession opened on one server valid on the other: {'yes' if shared else 'NO'}")
    if not shared:
        failures.append("sessions are not shared")
    guesser: dict = {}
    for attempt in range(5):
        form_post(ports[0], "/comptes/login/", {"login": data["login"], "password": f"faux-{attempt}"}, guesser)
    locked = form_post(ports[1], "/comptes/login/", {"login": data["login"], "password": PASSWORD}, {}) == 200
    print(f"five failed logins on one server lock the account on the other: {'yes' if locked else 'NO'}")
    if not locked:
        failures.append("rate limits are not shared")
    return failures


def _keep(cookies: dict, response) -> None:
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    cookies["all"] = "; ".join(f"{k}={v}" for k, v in cookies.items() if k != "all")


if __name__ == "__main__":
    sys.exit(main())
