from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("carte.geojson", views.map_points, name="map_points"),
    path("synthese/", views.summary, name="summary"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.geojson", views.export_geojson, name="export_geojson"),
    path("nouveau/", views.create, name="create"),
    path("priorisation/", views.ranking, name="ranking"),
    path("atelier/", views.workshop_stops, name="workshop_stops"),
    path("atelier/<slug:edition>/<int:order>/", views.workshop, name="workshop"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/etape/", views.transition, name="transition"),
    path("<int:pk>/suivi/", views.track, name="track"),
    path("<int:pk>/promoteurs/", views.promoters, name="promoters"),
    path("<int:pk>/suivre/", views.follow, name="follow"),
    path("<int:pk>/evaluer/", views.score, name="score"),
    path("<int:pk>/fichiers/<int:attachment>/", views.attachment, name="attachment"),
]
