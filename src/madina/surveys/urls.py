from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("concertations/<slug:process>/nouvelle/", views.open_survey, name="open"),
    path("<slug:slug>/questions/", views.questions, name="questions"),
    path("<slug:slug>/", views.survey, name="survey"),
    path("<slug:slug>/papier/", views.paper_form, name="paper_form"),
    path("<slug:slug>/resultats/", views.survey_results, name="results"),
    path("<slug:slug>/resultats.csv", views.results_csv, name="results_csv"),
    path("<slug:slug>/indicateurs/", views.feed_indicators, name="feed_indicators"),
    path("<slug:slug>/textes/<int:pk>/", views.moderate, name="moderate"),
]
