from django.urls import path

from . import views, views_company, views_staff

app_name = "ppp"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("carte.geojson", views.map_points, name="map_points"),
    path("fiches.zip", views.sheets_zip, name="sheets_zip"),
    path("investir/<int:pk>/", views.investor, name="investor"),
    path("investir/<int:pk>/documents/<int:document>/", views.document, name="document"),
    path("investir/<int:pk>/interet/", views_company.express, name="express"),
    path("entreprise/", views_company.company, name="company"),
    path("interets/<int:pk>/", views_company.interest, name="interest"),
    path("interets/<int:pk>/repondre/", views_staff.answer, name="answer"),
    path("interets/<int:pk>/fichiers/<int:document>/", views_company.interest_document, name="interest_document"),
    path("consultations/<int:pk>/", views_company.sounding, name="sounding"),
    path("national/", views_staff.national, name="national"),
    path("national/export.csv", views_staff.export_csv, name="export_csv"),
    path("national/export.xlsx", views_staff.export_xlsx, name="export_xlsx"),
    path("examen/<int:pk>/", views_staff.screening, name="screening"),
    path("examen/<int:pk>/demarrer/", views_staff.start, name="start"),
    path("examen/<int:pk>/soumettre/", views_staff.submit_screening, name="submit"),
    path("examen/<int:pk>/revue/", views_staff.review, name="review"),
    path("examen/<int:pk>/documents/", views_staff.add_document, name="add_document"),
    path("examen/<int:pk>/documents/<int:document>/retirer/", views_staff.remove_document, name="remove_document"),
    path("examen/<int:pk>/consultations/", views_staff.open_round, name="open_round"),
]
