from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views
from .api import api
from .core.media import media
from .core.views import favicon, language, search
from .ppp.views import sheet

urlpatterns = [
    path("", views.home, name="home"),
    path("langue/", language, name="language"),
    path("recherche/", search, name="search"),
    path("favicon.ico", favicon),
    path("confidentialite/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("comptes/", include("madina.accounts.urls")),
    path("territoire/", include("madina.territory.urls")),
    path("caravane/", include("madina.caravan.urls")),
    path("projets/<int:pk>/fiche.pdf", sheet, name="project_sheet"),
    path("indicateurs/", include("madina.indicators.urls")),
    path("evaluation/", include("madina.assessment.urls")),
    path("projets/", include("madina.projects.urls")),
    path("participer/", include("madina.participation.urls")),
    path("budget/", include("madina.budgeting.urls")),
    path("enquetes/", include("madina.surveys.urls")),
    path("ppp/", include("madina.ppp.urls")),
    path("api/v1/", api.urls),
    path("media/<path:name>", media, name="media"),
]

handler500 = "madina.core.views.server_error"
