from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("ouvrir/", views.campaign_open, name="open"),
    path("<slug:slug>/", views.campaign_detail, name="campaign"),
    path("<slug:slug>/resultats.csv", views.campaign_export, {"fmt": "csv"}, name="export_csv"),
    path("<slug:slug>/resultats.xlsx", views.campaign_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<slug:slug>/carte.geojson", views.campaign_map, name="map"),
    path("<slug:slug>/<slug:place>/", views.assessment_detail, name="assessment"),
    path("<slug:slug>/<slug:place>/remplir/", views.assessment_fill, name="fill"),
    path("<slug:slug>/<slug:place>/justificatifs/", views.evidence_add, name="evidence_add"),
    path("<slug:slug>/<slug:place>/justificatifs/<int:pk>/retirer/", views.evidence_remove, name="evidence_remove"),
    path("<slug:slug>/<slug:place>/revue/", views.review, name="review"),
]
