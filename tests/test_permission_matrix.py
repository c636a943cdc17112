"""Who may do what, across apps and territories, in one table: each row an action, each column a role, each cell
what that person gets. The rows are the holes an attacker found (issue 12) with the allowed cases beside them, so
that a fix that refuses too much fails here as surely as one that refuses too little.

A cell is an HTTP status (200, 302 to the sign-in page, 400 the form again saying why, 403, 404), or "422 <field>" for a service's refusal of a
value, or what a page shows ("gabes sfax": the moderation log's reasons from both territories). Services are
called directly, pages and the API through the test client; each cell runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from shapely.geometry import box

from madina.accounts import services as accounts
from madina.accounts.models import Role, RoleAssignment, User
from madina.assessment import services as readiness
from madina.caravan import services as caravan
from madina.caravan.models import Edition, Stop
from madina.core.errors import Invalid, NotAllowed, NotFound
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.models import Comment, ModerationAction, ModerationLog, Proposal
from madina.participation.phases import PhaseKind
from madina.projects import services as projects
from madina.projects.models import Intervention, Origin, Sector, Stage
from madina.questionnaires.models import Questionnaire
from madina.questionnaires.readiness import SLUG as READINESS
from madina.surveys import design as surveys
from madina.territory import services as territory
from madina.territory.models import Governorate, Municipality
from tests.pictures import jpeg_with_gps

ROLES = ("anonymous", "citizen", "gabes_municipal", "gabes_governorate", "sfax_governorate", "gabes_moderator",
         "sfax_moderator", "moderator", "organiser")
GABES_STAFF = (404, 404, 200, 200, 404, 404, 404, 404, 200)  # a proposal of an unpublished Gabès process
EVERYONE = (200,) * len(ROLES)

MATRIX = {
    # action:                                         anon  citizen  gab.mun  gab.gov  sfax.gov gab.mod sfax.mod  mod   org
    "merge a Gabès project into a Sfax one":          (403, 403, 403, 403, 403, 403, 403, 403, 200),
    "merge a Gabès project into a Gabès one":         (403, 403, 403, 200, 403, 403, 403, 403, 200),
    "read the moderation log":                        (302, 403, "gabes", "gabes", "sfax", "gabes", "sfax",
                                                       "gabes sfax", "gabes sfax"),
    "open a proposal of a published process":         EVERYONE,
    "open a proposal of an unpublished process":      GABES_STAFF,
    "its point (lieu.geojson)":                       GABES_STAFF,
    "its API record":                                 GABES_STAFF,
    "its comments in the API":                        GABES_STAFF,
    "reply to its comment":                           (302, 404, 400, 400, 404, 404, 404, 404, 400),
    "vote on a citizen's comment":                    (403, 403, 200, 200, 200, 200, 200, 200, 200),
    "vote on it through the API":                     (401, 403, 200, 200, 200, 200, 200, 200, 200),
    "open a citizen's draft":                         (404, 200, 404, 404, 404, 404, 404, 404, 404),
    "publish a citizen's draft":                      (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "publish it through the API":                     (401, 200, 404, 404, 404, 404, 404, 404, 404),
    "answer with blank reasons":                      (403, 403, "422 reason", "422 reason", 403, 403, 403, 403,
                                                       "422 reason"),
    "answer 'under study' with blank reasons":        (403, 403, "422 reason", "422 reason", 403, 403, 403, 403,
                                                       "422 reason"),
    "answer with reasons":                            (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "move a caravan stop to Paris":                   (403, 403, 403, 403, 403, 403, 403, 403, "422 latitude"),
    "move a caravan stop to Paris (organiser form)":  (302, 403, 403, 403, 403, 403, 403, 403, "400 latitude longitude"),
    "move a caravan stop within Tunisia":             (403, 403, 403, 403, 403, 403, 403, 403, 200),
    "read a published caravan tour in the API":       EVERYONE,
    "add a caravan tour through the API":             (401, 403, 403, 403, 403, 403, 403, 403, 201),
    "change a caravan tour's dates through the API":  (401, 403, 403, 403, 403, 403, 403, 403, 200),
    "add a team to it through the API":               (401, 403, 403, 403, 403, 403, 403, 403, 201),
    "delete one of its two teams through the API":    (401, 403, 403, 403, 403, 403, 403, 403, 204),
    "open a readiness campaign":                      (403, 403, 403, 403, 403, 403, 403, 403, 200),
    "fill in Gabès's readiness assessment":           (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "open Gabès's assessment before validation":      GABES_STAFF,
    "validate Gabès's submitted assessment":          (403, 403, 403, 403, 403, 403, 403, 403, 200),
    "read its evidence":                              GABES_STAFF,
    "open a survey on a Gabès process":               (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "open the new-survey page of a Gabès process":    (302, 403, 200, 200, 403, 403, 403, 403, 200),
    "add a question to a Gabès survey":               (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "feed Gabès's indicators from its closed survey":  (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "set a Gabès project's picture":                  (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "set a Gabès process's picture":                  (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "set Gabès's picture":                            (403, 403, 200, 200, 403, 403, 403, 403, 200),
    "open the picture of an unpublished process":     GABES_STAFF,
    "set one's own avatar":                           (403, 200, 200, 200, 200, 200, 200, 200, 200),
}


def _place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    obj.save()
    return obj


def _person(email, role=None, **scope):
    user = User.objects.create_user(email, "Madina-Test-2020")
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def world(db, settings, tmp_path):
    """Gabès and Sfax, a person per role, projects, processes (one unpublished), decisions, a caravan stop."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    importlib.import_module("madina.projects.migrations.0002_default_sectors_and_criteria").seed(apps, None)
    gabes_g = _place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name="Gabès")
    sfax_g = _place(Governorate, box(10.5, 34.5, 11.0, 35.0), slug="sfax", iso_code="TN-61", name="Sfax")
    gabes = _place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=gabes_g, slug="gabes", name="Gabès")
    sfax = _place(Municipality, box(10.70, 34.70, 10.80, 34.80), governorate=sfax_g, slug="sfax", name="Sfax")
    people = {
        "citizen": _person("amel@example.tn"),
        "gabes_municipal": _person("mairie@gabes.tn", Role.MUNICIPAL_STAFF, municipality=gabes),
        "gabes_governorate": _person("gouvernorat@gabes.tn", Role.GOVERNORATE_STAFF, governorate=gabes_g),
        "sfax_governorate": _person("gouvernorat@sfax.tn", Role.GOVERNORATE_STAFF, governorate=sfax_g),
        "gabes_moderator": _person("moderation@gabes.tn", Role.MODERATOR, municipality=gabes),
        "sfax_moderator": _person("moderation@sfax.tn", Role.MODERATOR, municipality=sfax),
        "moderator": _person("moderation@madina.tn", Role.MODERATOR),
        "organiser": _person("organisation@madina.tn", Role.ORGANISER),
    }
    sector = Sector.objects.get(code="MOB")

    def project(municipality, title, lon, lat):
        return projects.create_project(
            OPERATOR, title_fr=title, municipality=municipality, sector=sector, intervention=Intervention.CITY_WIDE,
            origin=Origin.MUNICIPAL_PLAN, geometry={"type": "Point", "coordinates": [lon, lat]})

    def process(municipality, slug, kind=PhaseKind.DEBATE, published=True):
        now = timezone.now()
        made = participation.create_process(OPERATOR, municipality=municipality, slug=slug, title=slug)
        participation.add_phase(made, OPERATOR, kind, now - dt.timedelta(days=1), now + dt.timedelta(days=7))
        if not published:
            participation.set_published(made, OPERATOR, False)
        return made

    def proposal(process, title):
        return Proposal.objects.create(process=process, author=people["citizen"], title=title, body="<p>Texte</p>",
                                       sector=sector, latitude=Decimal("33.9"), longitude=Decimal("10.1"))

    public = proposal(process(gabes, "gabes-ouverte"), "Un abri de bus")
    draft = participation.create_proposal(
        process(gabes, "gabes-propositions", PhaseKind.PROPOSALS), people["citizen"], title="Des bancs", body="<p>Au marché</p>", sector=sector,
        latitude=Decimal("33.9"), longitude=Decimal("10.1"), draft=True)
    public_comment = Comment.objects.create(proposal=public, author=people["citizen"], body="<p>Vite</p>")
    hidden_away = proposal(process(gabes, "gabes-retiree", published=False), "Une piste cyclable")
    participation.set_picture(hidden_away.process, OPERATOR, upload=jpeg_with_gps())
    comment = Comment.objects.create(proposal=hidden_away, author=people["citizen"], body="<p>Oui</p>")
    in_sfax = proposal(process(sfax, "sfax-ouverte"), "Un jardin")
    for content, who, reason in [(public, "gabes_moderator", "Motif gabésien"),
                                 (in_sfax, "sfax_moderator", "Motif sfaxien")]:
        ModerationLog.objects.create(actor=people[who], action=ModerationAction.HIDE, proposal=content, reason=reason)
    edition = Edition.objects.create(slug="cote", name="Caravane de la côte", start_date=dt.date(2030, 3, 9),
                                     end_date=dt.date(2030, 3, 11))
    stop = Stop.objects.create(edition=edition, order=1, municipality=sfax, name="Sfax", latitude=Decimal("34.74"),
                               longitude=Decimal("10.76"))
    campaign = readiness.open_campaign(
        OPERATOR, slug="maturite", title_fr="Maturité", questionnaire=Questionnaire.objects.get(slug=READINESS),
        closes_on=timezone.localdate() + dt.timedelta(days=9), municipalities=[gabes])
    assessment = campaign.assessments.get()
    evidence = readiness.add_evidence(assessment, OPERATOR, "strategie",
                                      SimpleUploadedFile("strategie.pdf", b"%PDF-1.4\n%%EOF\n"))
    return {
        "assessment": assessment, "evidence": evidence,
        "people": people, "gabes_project": project(gabes, "Oasis connectée", 10.1, 33.9),
        "other_gabes_project": project(gabes, "Éclairage public", 10.11, 33.91),
        "sfax_project": project(sfax, "Navette", 10.75, 34.75), "public": public, "hidden_away": hidden_away,
        "comment": comment, "stop": stop, "edition": edition, "draft": draft, "public_comment": public_comment,
        "survey_process": process(gabes, "gabes-enquete", PhaseKind.SURVEY),
    }


def _moderation_log(world, client, user):
    response = client.get("/participer/moderation/")
    if response.status_code != 200:
        return response.status_code
    page = response.content.decode()
    others = [person.email for person in world["people"].values() if person != user]
    assert not [email for email in others if email in page], "the log names people by their public name only"
    return " ".join(place for place, reason in [("gabes", "Motif gabésien"), ("sfax", "Motif sfaxien")]
                    if reason in page) or "nothing"


def _stop_form(world, client, latitude, longitude):
    response = client.post(f"/caravane/organiser/{world['edition'].slug}/etapes/{world['stop'].order}/",
                           {"latitude": latitude, "longitude": longitude, "venue_fr": "Place"})
    if response.status_code != 400:
        return response.status_code
    form = response.context["form"]
    assert str(caravan.OUTSIDE_TUNISIA) in form.errors["latitude"]
    return f"400 {' '.join(form.errors)}"


def _tour(world):
    """The edition's tour over its first two days, published with it (an edition made without the services has
    none yet)."""
    tour = caravan.tours.ensure_tour(world["edition"])
    type(tour).objects.filter(pk=tour.pk).update(is_published=True, end_date=dt.date(2030, 3, 10))
    Edition.objects.filter(pk=world["edition"].pk).update(is_published=True)
    return tour


def _validate(world, user):
    answers = {q.code: 3 for q in Questionnaire.objects.get(slug=READINESS).questions.all()}
    readiness.save_answers(world["assessment"], OPERATOR, answers)
    readiness.submit(world["assessment"], OPERATOR)
    return readiness.validate(world["assessment"], user)


ACTIONS = {
    "merge a Gabès project into a Sfax one": lambda w, c, u: projects.transition(
        w["gabes_project"], Stage.MERGED, u, "Fusion", merged_into=w["sfax_project"]),
    "merge a Gabès project into a Gabès one": lambda w, c, u: projects.transition(
        w["gabes_project"], Stage.MERGED, u, "Fusion", merged_into=w["other_gabes_project"]),
    "read the moderation log": _moderation_log,
    "open a proposal of a published process": lambda w, c, u: c.get(f"/participer/propositions/{w['public'].pk}/"),
    "open a proposal of an unpublished process": lambda w, c, u: c.get(
        f"/participer/propositions/{w['hidden_away'].pk}/"),
    "its point (lieu.geojson)": lambda w, c, u: c.get(f"/participer/propositions/{w['hidden_away'].pk}/lieu.geojson"),
    "its API record": lambda w, c, u: c.get(f"/api/v1/proposals/{w['hidden_away'].pk}"),
    "its comments in the API": lambda w, c, u: c.get(f"/api/v1/proposals/{w['hidden_away'].pk}/comments"),
    "reply to its comment": lambda w, c, u: c.post(f"/participer/commentaires/{w['comment'].pk}/repondre/",
                                                   {"body": "Bien sûr"}),
    "vote on a citizen's comment": lambda w, c, u: participation.vote_comment(w["public_comment"], u, "up"),
    "vote on it through the API": lambda w, c, u: c.post(
        f"/api/v1/comments/{w['public_comment'].pk}/vote", {"vote": "up"}, content_type="application/json"),
    "publish it through the API": lambda w, c, u: c.post(f"/api/v1/proposals/{w['draft'].pk}/publish"),
    "open a citizen's draft": lambda w, c, u: c.get(f"/participer/propositions/{w['draft'].pk}/"),
    "publish a citizen's draft": lambda w, c, u: participation.publish_draft(w["draft"], u),
    "answer with blank reasons": lambda w, c, u: participation.answer_proposal(
        w["public"], u, "rejected", "<p>&nbsp;</p> <br>"),
    "answer 'under study' with blank reasons": lambda w, c, u: participation.answer_proposal(
        w["public"], u, "evaluating", "<p>\u200b</p>"),
    "answer with reasons": lambda w, c, u: participation.answer_proposal(
        w["public"], u, "rejected", "<p>Hors du budget de cette année.</p>"),
    "move a caravan stop to Paris": lambda w, c, u: caravan.save_stop(
        w["stop"], u, latitude=Decimal("48.85"), longitude=Decimal("2.35")),
    "move a caravan stop to Paris (organiser form)": lambda w, c, u: _stop_form(w, c, "48.85", "2.35"),
    "move a caravan stop within Tunisia": lambda w, c, u: caravan.save_stop(
        w["stop"], u, latitude=Decimal("34.75"), longitude=Decimal("10.77")),
    "read a published caravan tour in the API": lambda w, c, u: c.get(f"/api/v1/tours/{_tour(w).pk}"),
    "add a caravan tour through the API": lambda w, c, u: c.post(
        f"/api/v1/editions/{_tour(w).edition.slug}/tours", {"name_fr": "Nord", "start_date": "2030-03-11",
                                                            "end_date": "2030-03-11"}, content_type="application/json"),
    "change a caravan tour's dates through the API": lambda w, c, u: c.patch(
        f"/api/v1/tours/{_tour(w).pk}", {"end_date": "2030-03-09"}, content_type="application/json"),
    "add a team to it through the API": lambda w, c, u: c.post(
        f"/api/v1/tours/{_tour(w).pk}/teams", {"name_fr": "Bleue"}, content_type="application/json"),
    "delete one of its two teams through the API": lambda w, c, u: c.delete(
        f"/api/v1/teams/{caravan.add_team(_tour(w), OPERATOR, name_fr='Verte').pk}"),
    "open a readiness campaign": lambda w, c, u: readiness.open_campaign(
        u, slug="autre", title_fr="Autre", questionnaire=w["assessment"].campaign.questionnaire,
        closes_on=dt.date(2031, 1, 1), municipalities=[w["assessment"].municipality]),
    "fill in Gabès's readiness assessment": lambda w, c, u: readiness.save_answers(w["assessment"], u,
                                                                                  {"strategie": 2}),
    "open Gabès's assessment before validation": lambda w, c, u: c.get(w["assessment"].get_absolute_url()),
    "validate Gabès's submitted assessment": lambda w, c, u: _validate(w, u),
    "read its evidence": lambda w, c, u: c.get(w["evidence"].file.url),
    "open a survey on a Gabès process": lambda w, c, u: surveys.open_survey(
        w["survey_process"], u, slug="qdv", phase=w["survey_process"].phases.get(), template=True),
    "open the new-survey page of a Gabès process": lambda w, c, u: c.get(
        f"/enquetes/concertations/{w['survey_process'].slug}/nouvelle/"),
    "add a question to a Gabès survey": lambda w, c, u: surveys.add_question(surveys.open_survey(
        w["survey_process"], OPERATOR, slug="marche", phase=w["survey_process"].phases.get(), template=False,
        title="Le marché"), u, kind="scale", text="Le samedi ?"),
    "feed Gabès's indicators from its closed survey": lambda w, c, u: _feed_closed_survey(w, u),
    "set a Gabès project's picture": lambda w, c, u: projects.set_picture(w["gabes_project"], u, upload=jpeg_with_gps()),
    "set a Gabès process's picture": lambda w, c, u: participation.set_picture(w["public"].process, u,
                                                                               upload=jpeg_with_gps()),
    "set Gabès's picture": lambda w, c, u: territory.set_municipality_picture(w["public"].process.municipality, u,
                                                                               upload=jpeg_with_gps()),
    "open the picture of an unpublished process": lambda w, c, u: c.get(w["hidden_away"].process.image.url),
    "set one's own avatar": lambda w, c, u: accounts.set_avatar(u, upload=jpeg_with_gps()),
}


def _feed_closed_survey(world, user):
    from madina.surveys import services as survey_services

    process = world["survey_process"]
    phase = process.phases.get()
    survey = surveys.open_survey(process, OPERATOR, slug="qdv", phase=phase, template=True)
    survey_services.enter_paper_form(survey, OPERATOR, "P-1", {"services": 4, "securite": 3, "environnement": 2,
                                                               "mobilite": 1, "numerique": 5, "priorites": ["mobilite"]})
    phase.ends_at = timezone.now() - dt.timedelta(hours=1)
    phase.save()
    return survey_services.feed_indicators(survey, user)


def _outcome(call):
    try:
        result = call()
    except NotAllowed:
        return 403
    except (NotFound, Http404):
        return 404
    except Invalid as refusal:
        return f"422 {refusal.field}"
    return getattr(result, "status_code", 200) if not isinstance(result, (int, str)) else result


@pytest.mark.parametrize("action", MATRIX)
def test_permission_matrix(world, client, action):
    got = {}
    for role in ROLES:
        client.logout()
        user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=world["people"][role].pk)
        if role != "anonymous":
            client.force_login(user)
        with transaction.atomic():
            got[role] = _outcome(lambda user=user: ACTIONS[action](world, client, user))
            transaction.set_rollback(True)
    expected = dict(zip(ROLES, MATRIX[action], strict=True))
    wrong = {role: f"got {got[role]!r}, expected {expected[role]!r}" for role in ROLES if got[role] != expected[role]}
    assert not wrong, f"{action}: {wrong}"


# The PPP catalogue (madina.ppp): companies, the municipality, the national PPP reviewers and the public. A Gabès
# project open to investors, a rival company's interest in it, a document released after sign-in.
PPP_ROLES = ("anonymous", "citizen", "company", "gabes_municipal", "sfax_governorate", "ppp_reviewer", "organiser")
PPP_EVERYONE = (200,) * len(PPP_ROLES)
PPP_FOLLOW_UP = (403, 403, 403, 200, 403, 200, 200)

PPP_MATRIX = {
    # action:                                      anon  citizen company gab.mun sfax.gov reviewer  org
    "open the PPP catalogue":                      PPP_EVERYONE,
    "read a project's investor view":              PPP_EVERYONE,
    "download its sheet (fiche.pdf)":              PPP_EVERYONE,
    "open a document released after sign-in":      (404, 200, 200, 200, 200, 200, 200),
    "edit its PPP screening":                      (403, 403, 403, 200, 403, 403, 200),
    "open its screening page":                     (302, 403, 403, 200, 403, 200, 200),
    "submit its screening for review":             (403, 403, 403, 200, 403, 403, 200),
    "validate its submitted screening":            (403, 403, 403, 403, 403, 200, 200),
    "express interest in it":                      (403, 403, 200, 403, 403, 403, 403),
    "read a rival company's interest":             (302, 403, 403, 200, 403, 200, 200),
    "answer that interest":                        PPP_FOLLOW_UP,
    "open a market-sounding round":                PPP_FOLLOW_UP,
    "read the national PPP view":                  (302, 403, 403, 403, 403, 200, 200),
    "export the national PPP pipeline":            (302, 403, 403, 403, 403, 200, 200),
}


@pytest.fixture
def ppp_world(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from madina.ppp import interests as ppp_interests
    from madina.ppp import services as ppp
    from madina.ppp.models import Readiness, Reviewer
    from madina.projects.models import Project
    from tests.ppp.conftest import walk

    people = dict(world["people"])
    people["ppp_reviewer"] = _person("revue@ppp.tn")
    Reviewer.objects.create(user=people["ppp_reviewer"])
    people["company"], rival = _person("contact@eaux-du-sud.example"), _person("contact@rival.example")
    sector = Sector.objects.get(code="WAT")
    for account, name in ((people["company"], "Eaux du Sud"), (rival, "Rival SA")):
        ppp_interests.register_company(account, name=name, country="Tunisie", sector=sector, contact_name="Direction")
    project = world["gabes_project"]
    Project.objects.filter(pk=project.pk).update(is_ppp_candidate=True)
    project.refresh_from_db()
    screening = ppp.start_screening(project, OPERATOR)
    walk(screening, OPERATOR, OPERATOR, Readiness.MARKET_SOUNDING)
    document = ppp.add_document(screening, OPERATOR, title="Étude", audience="signed_in",
                                upload=SimpleUploadedFile("etude.pdf", b"%PDF-1.4\n%%EOF\n"))
    interest = ppp_interests.express_interest(screening, rival, "Offre confidentielle")
    sounding = ppp_interests.open_round(screening, OPERATOR, title="Tour 0", questions=["Durée ?"],
                                        deadline=timezone.now() + dt.timedelta(days=1))
    ppp_interests.answer_round(sounding, rival, ["20 ans"])
    type(sounding).objects.filter(pk=sounding.pk).update(deadline=timezone.now() - dt.timedelta(days=1))
    return {**world, "people": people, "screening": screening, "document": document, "interest": interest}


def _submitted(w, c, user):
    from madina.ppp import services as ppp
    from madina.ppp.models import Event

    ppp.save_screening(w["screening"], OPERATOR, duration_years=20)
    ppp.submit(w["screening"], OPERATOR)
    return ppp.review(w["screening"], user, Event.VALIDATED)


def _ppp(name):
    return importlib.import_module(f"madina.ppp.{name}")


PPP_ACTIONS = {
    "open the PPP catalogue": lambda w, c, u: c.get("/ppp/"),
    "read a project's investor view": lambda w, c, u: c.get(f"/ppp/investir/{w['screening'].project_id}/"),
    "download its sheet (fiche.pdf)": lambda w, c, u: c.get(f"/projets/{w['screening'].project_id}/fiche.pdf"),
    "open a document released after sign-in": lambda w, c, u: c.get(
        f"/ppp/investir/{w['screening'].project_id}/documents/{w['document'].pk}/"),
    "edit its PPP screening": lambda w, c, u: _ppp("services").save_screening(w["screening"], u, duration_years=22),
    "open its screening page": lambda w, c, u: c.get(f"/ppp/examen/{w['screening'].project_id}/"),
    "submit its screening for review": lambda w, c, u: _ppp("services").submit(w["screening"], u),
    "validate its submitted screening": _submitted,
    "express interest in it": lambda w, c, u: _ppp("interests").express_interest(w["screening"], u, "Intéressés"),
    "read a rival company's interest": lambda w, c, u: c.get(f"/ppp/interets/{w['interest'].pk}/"),
    "answer that interest": lambda w, c, u: _ppp("interests").answer_interest(w["interest"], u, "Merci"),
    "open a market-sounding round": lambda w, c, u: _ppp("interests").open_round(
        w["screening"], u, title="Tour 1", questions=["Durée ?"], deadline=timezone.now() + dt.timedelta(days=9)),
    "read the national PPP view": lambda w, c, u: c.get("/ppp/national/"),
    "export the national PPP pipeline": lambda w, c, u: c.get("/ppp/national/export.csv"),
}


@pytest.mark.parametrize("action", PPP_MATRIX)
def test_ppp_permission_matrix(ppp_world, client, action):
    got = {}
    for role in PPP_ROLES:
        client.logout()
        user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=ppp_world["people"][role].pk)
        if role != "anonymous":
            client.force_login(user)
        with transaction.atomic():
            got[role] = _outcome(lambda user=user: PPP_ACTIONS[action](ppp_world, client, user))
            transaction.set_rollback(True)
    expected = dict(zip(PPP_ROLES, PPP_MATRIX[action], strict=True))
    wrong = {role: f"got {got[role]!r}, expected {expected[role]!r}" for role in PPP_ROLES
             if got[role] != expected[role]}
    assert not wrong, f"{action}: {wrong}"
