"""API v1: one django-ninja instance assembled from each app's router; the schema is at /api/v1/openapi.json.
Every refusal, from any app, is the one error schema of core.api with its status."""

from ninja import NinjaAPI

from madina.assessment.api import router as assessment_router
from madina.budgeting.api import router as budgeting_router
from madina.caravan.api import router as caravan_router
from madina.caravan.api_tours import router as caravan_tours_router
from madina.core.api import install_error_handlers
from madina.core.api import router as search_router
from madina.indicators.api import router as indicators_router
from madina.participation.api import router as participation_router
from madina.projects.api import router as projects_router
from madina.territory.api import router as territory_router

api = NinjaAPI(
    title="Madina API",
    version="1",
    description=(
        "Open data of Tunisia's national smart and sustainable cities programme. Reads are public. Writes act as a "
        "person: send a personal token made on /comptes/jetons/ as `Authorization: Bearer mdn_…` (a read-only token "
        "is refused on writes with 403), or use the browser session with the CSRF token in `X-CSRFToken`."
    ),
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/", territory_router)
api.add_router("/", caravan_router)
api.add_router("/", caravan_tours_router)
api.add_router("/", indicators_router)
api.add_router("/", assessment_router)
api.add_router("/", projects_router)
api.add_router("/", participation_router)
api.add_router("/", budgeting_router)
api.add_router("/", search_router)
