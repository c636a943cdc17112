from django.urls import path

from . import views
from . import views_staff as staff
from .views_aims import aims

app_name = "projects"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("carte.geojson", views.map_points, name="map_points"),
    path("synthese/", views.summary, name="summary"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.geojson", views.export_geojson, name="export_geojson"),
    path("nouveau/", staff.create, name="create"),
    path("priorisation/", staff.ranking, name="ranking"),
    path("atelier/", staff.workshop_stops, name="workshop_stops"),
    path("atelier/<slug:edition>/<int:order>/", staff.workshop, name="workshop"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", staff.edit, name="edit"),
    path("<int:pk>/image/", staff.picture, name="picture"),
    path("<int:pk>/etape/", staff.transition, name="transition"),
    path("<int:pk>/suivi/", staff.track, name="track"),
    path("<int:pk>/promoteurs/", staff.promoters, name="promoters"),
    path("<int:pk>/suivre/", views.follow, name="follow"),
    path("<int:pk>/evaluer/", staff.score, name="score"),
    path("<int:pk>/indicateurs/", aims, name="aims"),
    path("<int:pk>/fichiers/<int:attachment>/", views.attachment, name="attachment"),
]
