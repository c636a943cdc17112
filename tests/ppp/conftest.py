"""A Gabès PPP candidate inside its perimeter, the people around it (municipal staff, a national PPP reviewer,
a company, a citizen) and a helper that walks its screening up to a stage as they would."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from shapely.geometry import box

from madina.accounts.models import Role, RoleAssignment, User
from madina.core.permissions import OPERATOR
from madina.ppp import interests, services
from madina.ppp.models import Bearer, Event, LandStatus, Payer, Readiness, Reviewer
from madina.projects import services as projects
from madina.projects.models import FundingSource, Intervention, Origin, Sector
from madina.territory.models import Governorate, Municipality, Perimeter

FILLED = {
    "contract_form": "ppp_contract", "payer": Payer.MIXED, "capital_cost_tnd": Decimal("12000000"),
    "annual_revenue_tnd": Decimal("900000"), "availability_payment_tnd": Decimal("400000"), "duration_years": 20,
    "risk_construction": Bearer.PRIVATE, "risk_demand": Bearer.SHARED, "risk_operation": Bearer.PRIVATE,
    "risk_financing": Bearer.PRIVATE, "risk_regulatory": Bearer.PUBLIC, "study_prefeasibility": True,
    "study_feasibility": True, "study_value_for_money": True, "study_environmental": True,
    "land_status": LandStatus.MUNICIPAL, "contact_name": "Unité PPP de Gabès", "contact_email": "ppp@gabes.tn",
}


def _place(model, geom, **fields):
    obj = model(**fields)
    obj.set_geometry(geom)
    obj.save()
    return obj


def person(email, role=None, **scope):
    user = User.objects.create_user(email, "Madina-Test-2020")
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def ppp(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    importlib.import_module("madina.projects.migrations.0002_default_sectors_and_criteria").seed(apps, None)
    gabes_g = _place(Governorate, box(9.9, 33.7, 10.3, 34.1), slug="gabes", iso_code="TN-81", name_fr="Gabès",
                     name_ar="قابس")
    sfax_g = _place(Governorate, box(10.5, 34.5, 11.0, 35.0), slug="sfax", iso_code="TN-61", name_fr="Sfax",
                    name_ar="صفاقس")
    gabes = _place(Municipality, box(10.05, 33.85, 10.15, 33.95), governorate=gabes_g, slug="gabes",
                   name_fr="Gabès", name_ar="قابس")
    sfax = _place(Municipality, box(10.70, 34.70, 10.80, 34.80), governorate=sfax_g, slug="sfax", name_fr="Sfax",
                  name_ar="صفاقس")
    oasis = _place(Perimeter, box(10.09, 33.88, 10.11, 33.90), municipality=gabes, slug="gabes-oasis",
                   name_fr="Gabès Oasis Intelligente", name_ar="قابس الواحة الذكية")
    project = projects.create_project(
        OPERATOR, title_fr="Réutilisation des eaux usées traitées", title_ar="إعادة استعمال المياه المعالجة",
        municipality=gabes, perimeter=oasis, sector=Sector.objects.get(code="WAT"),
        intervention=Intervention.GREENFIELD, origin=Origin.MUNICIPAL_PLAN, estimated_cost_tnd=Decimal("12000000"),
        is_ppp_candidate=True, sdg_targets=["6.3", "6.4"],
        geometry={"type": "Point", "coordinates": [10.1, 33.89]})
    projects.set_funding_plan(project, OPERATOR, [(FundingSource.PPP, Decimal("9000000"), ""),
                                             (FundingSource.MUNICIPAL_BUDGET, Decimal("3000000"), "")])
    reviewer = person("revue@ppp.tn")
    Reviewer.objects.create(user=reviewer)
    people = {
        "citizen": person("amel@example.tn"),
        "gabes_municipal": person("mairie@gabes.tn", Role.MUNICIPAL_STAFF, municipality=gabes),
        "sfax_municipal": person("mairie@sfax.tn", Role.MUNICIPAL_STAFF, municipality=sfax),
        "reviewer": reviewer,
        "company": person("contact@acwa.example"),
        "other_company": person("contact@veolia.example"),
        "organiser": person("organisation@madina.tn", Role.ORGANISER),
    }
    for who, name in (("company", "Eaux du Sud SA"), ("other_company", "Hydro Invest")):
        interests.register_company(people[who], name=name, country="Tunisie", sector=Sector.objects.get(code="WAT"),
                                   contact_name="Direction du développement")
    screening = services.start_screening(project, people["gabes_municipal"])
    return {"project": project, "screening": screening, "people": people, "gabes": gabes, "sfax": sfax,
            "oasis": oasis}


def walk(screening, staff, reviewer, to_stage: str):
    """Fill everything in and have each stage up to `to_stage` submitted and validated."""
    services.save_screening(screening, staff, **FILLED)
    order = list(Readiness)
    while order.index(screening.stage) < order.index(to_stage):
        services.submit(screening, staff)
        services.review(screening, reviewer, Event.VALIDATED)
        screening.refresh_from_db()
    return screening
