"""The whole API v1 fuzzed from its own OpenAPI document (schemathesis): every operation, valid and invalid
inputs, each sent as a visitor, a citizen, municipal staff and a caravan organiser. No answer may be a server
error, and every answer must be one the operation documents, in the documented schema (core.api.responses).

The examples are few and derandomised (the same on every run, about a minute on SQLite); the data they meet is
built once for the module: a municipality with a perimeter, a caravan stop, a catalogue project, a process
open for proposals with a proposal and a comment, a budget open for votes, a published tour with its team.

Each write schema carries an OpenAPI example that succeeds for one role (the docs' "Try it out"); schemathesis sends
it first, on the world's real objects, and that role must get a 2xx: otherwise the fuzzing could pass while only
ever meeting refusals (4xx) and never reach the code that writes."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.meta import TestPhase
from shapely.geometry import box

from madina.accounts.models import Role
from madina.caravan.models import Edition, Stop, Tour
from madina.caravan.tours import ensure_tour
from madina.participation import services as participation
from madina.participation.models import PhaseKind
from madina.projects import services as projects
from madina.projects.models import Intervention, Origin, Sector
from madina.territory.models import Perimeter
from tests.budgeting.conftest import make_budget, vote_phase_process
from tests.participation.conftest import GABES_BOX, INSIDE, make_user, open_process, set_phase

pytestmark = [pytest.mark.slow]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SESSIONS = ("visitor", "citizen", "staff", "organiser")
# The world's objects by the collection their path names, so that half the cases reach a real one.
REAL: dict[str, object] = {"governorates": "gabes", "municipalities": "gabes-ville", "perimeters": "oasis",
                           "editions": "2020"}

# The writes whose example must succeed, and for whom.
WRITES = {
    ("POST", "/api/v1/processes/{slug}/proposals"): "citizen",
    ("POST", "/api/v1/proposals/{pk}/comments"): "citizen",
    ("POST", "/api/v1/proposals/{pk}/support"): "citizen",
    ("DELETE", "/api/v1/proposals/{pk}/support"): "citizen",
    ("POST", "/api/v1/comments/{pk}/vote"): "citizen",
    ("POST", "/api/v1/projects"): "staff",
    ("PATCH", "/api/v1/projects/{project_id}"): "staff",
    ("POST", "/api/v1/projects/{project_id}/transitions"): "staff",
    ("POST", "/api/v1/editions/{slug}/tours"): "organiser",
    ("PATCH", "/api/v1/tours/{pk}"): "organiser",
    ("POST", "/api/v1/tours/{pk}/teams"): "organiser",
    ("PATCH", "/api/v1/teams/{pk}"): "organiser",
}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    collection = context.operation.path.removeprefix("/api/v1/").split("/")[0]
    if not path_parameters or collection not in REAL:
        return st.just(path_parameters)
    return st.sampled_from([{**path_parameters, **dict.fromkeys(path_parameters, REAL[collection])}, path_parameters])


def _world():
    from madina.territory.models import Governorate, Municipality

    Sector.objects.get_or_create(code="MOB", defaults={"name": "Mobilité"})
    governorate = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès")
    governorate.set_geometry(GABES_BOX)
    governorate.save()
    gabes = Municipality(governorate=governorate, slug="gabes-ville", name="Gabès")
    gabes.set_geometry(GABES_BOX)
    gabes.save()
    oasis = Perimeter(municipality=gabes, slug="oasis", name="Oasis", name_fr="Oasis", area_ha=1)
    oasis.set_geometry(box(10.09, 33.87, 10.11, 33.89))
    oasis.save()
    edition = Edition.objects.create(slug="2020", name="Caravane 2020", start_date=dt.date(2020, 3, 9),
                                     end_date=dt.date(2020, 3, 16), is_published=True)
    Stop.objects.create(edition=edition, order=1, municipality=gabes, name="Gabès", latitude=33.88, longitude=10.1)
    tour = ensure_tour(edition)  # over the edition's first four days: the tour examples add one after it
    Tour.objects.filter(pk=tour.pk).update(is_published=True, end_date=dt.date(2020, 3, 12))
    REAL["tours"], REAL["teams"] = tour.pk, tour.teams.get().pk
    people = {"citizen": make_user("amel@example.tn"),
              "staff": make_user("mairie@gabes.tn", Role.MUNICIPAL_STAFF, municipality=gabes),
              "organiser": make_user("caravane@madina.tn", Role.ORGANISER)}
    REAL["projects"] = projects.create_project(
        people["staff"], title_fr="Navette électrique", municipality=gabes, sector=Sector.objects.get(code="MOB"),
        intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN,
        geometry={"type": "Point", "coordinates": [10.1, 33.88]},
    ).pk
    process = open_process(gabes)
    REAL["processes"] = process.slug
    proposal = participation.create_proposal(
        process, people["citizen"], title="Un abri pour l'arrêt de bus", body="<p>Il fait chaud.</p>",
        sector=Sector.objects.get(code="MOB"), latitude=INSIDE[0], longitude=INSIDE[1],
    )
    REAL["comments"] = participation.comment(proposal, people["staff"], "Merci.").pk
    REAL["proposals"] = proposal.pk
    REAL["budgets"] = make_budget(vote_phase_process(gabes), people["staff"]).pk
    # Supports are given in a process's supports phase: the support operations' examples name such a proposal.
    supports = open_process(gabes, slug="gabes-soutiens")
    supported = participation.create_proposal(
        supports, people["citizen"], title="Des bancs à l'ombre", body="<p>Sur la corniche.</p>",
        sector=Sector.objects.get(code="MOB"), latitude=INSIDE[0], longitude=INSIDE[1],
    )
    set_phase(supports, PhaseKind.SUPPORTS)
    REAL["/api/v1/proposals/{pk}/support"] = supported.pk
    return people


@pytest.fixture(scope="module")
def sessions(django_db_setup, django_db_blocker):
    """Built once, rolled back after the module; each example runs inside its test's own transaction. The
    requests go through the real WSGI handler, which closes the database connection after each request (the
    test transaction with it, on PostgreSQL) unless told not to, as Django's own test client does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield from _built(django_db_blocker)
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def _built(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        people = _world()
        cookies = {"visitor": {}}
        for name in ("citizen", "staff", "organiser"):
            client = Client()
            client.force_login(people[name])
            cookies[name] = {"sessionid": client.cookies["sessionid"].value}
        yield cookies
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PARTICIPATION_PROPOSAL_RATE = settings.PARTICIPATION_COMMENT_RATE = (10_000, 1)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_input_gives_a_server_error_or_an_undocumented_answer(case, sessions):
    expected = WRITES.get((case.operation.method.upper(), case.operation.path))
    example = case.meta is not None and case.meta.phase.name == TestPhase.EXAMPLES
    if example:
        _on_real_objects(case)
    for name in SESSIONS:
        token = _get_new_csrf_string()
        cookies = {**sessions[name], "csrftoken": token}
        response = case.call_and_validate(cookies=cookies, headers={"X-CSRFToken": token}, checks=CHECKS)
        if example and name == expected:
            assert 200 <= response.status_code < 300, (case.operation.path, name, response.text)


def _on_real_objects(case):
    """The example's path names the world's object (the examples are drawn before the world is built)."""
    collection = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    real = REAL.get(case.operation.path, REAL.get(collection))
    if case.path_parameters and real is not None:
        case.path_parameters = dict.fromkeys(case.path_parameters, real)


def test_every_write_the_fuzzing_expects_to_succeed_has_its_example():
    """Without an example, schemathesis sends no case of the examples phase, and the 2xx above is never asked."""
    from madina.api import api

    document = api.get_openapi_schema()
    for method, path in WRITES:
        operation = document["paths"][path][method.lower()]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
        named = document["components"]["schemas"].get(body.get("$ref", "").rsplit("/", 1)[-1], {})
        assert "examples" in named or any("example" in parameter for parameter in operation.get("parameters", [])), path
