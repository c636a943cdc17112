"""The demo data `make run` shows: the territory, the programme's three perimeters and the 2020 caravan.

Loading twice changes nothing: every step is an idempotent upsert.
"""

from django.conf import settings
from django.db import transaction

from madina.assessment.demo import load_demo_campaign
from madina.budgeting.demo import load_demo_budget
from madina.caravan.demo import held_stops, load_2020_edition, load_2020_northern_tour
from madina.indicators.demo import load_demo_values
from madina.participation.demo import load_demo_process
from madina.ppp.demo import load_demo_screenings
from madina.projects.demo import load_demo_projects
from madina.surveys.demo import load_demo_survey
from madina.territory.demo import load_demo_perimeters
from madina.territory.importer import import_file


def load(verbosity: int = 1) -> None:
    territory = settings.DATA_DIR / "territory"
    with transaction.atomic():
        for name in ("governorates.geojson", "municipalities.geojson"):
            report = import_file(territory / name)
            if verbosity:
                print(report)
        perimeters = load_demo_perimeters()
        edition = load_2020_edition()
        projects = load_demo_projects()
        process = load_demo_process()
        screenings = load_demo_screenings()
        budget = load_demo_budget()
        values = load_demo_values([stop.municipality for stop in held_stops(edition).select_related("municipality")
                                   if stop.municipality is not None])
        campaign = load_demo_campaign(edition)
        survey = load_demo_survey(process)
        load_2020_northern_tour(edition)
    if verbosity:
        print(f"{perimeters} demo perimeters; caravan edition {edition.name!r} with {edition.stop_count} stops; {projects} demo projects")
        if process:
            print(f"participation: {process.title!r} with {process.proposal_count} proposals")
        print(f"indicators: {values} illustrative values added for the 2020 edition's municipalities")
        if screenings:
            print(f"ppp: {screenings} PPP candidates of the 2020 edition screened")
        if budget:
            print(f"budgeting: {budget.title!r}, {budget.amount_tnd} TND, {budget.projects.count()} projects")
        if survey:
            print(f"surveys: {survey.questionnaire.title!r}, {survey.response_count} answers")
        if campaign:
            print(f"readiness: {campaign.title!r}, {campaign.assessments.count()} municipalities invited")
