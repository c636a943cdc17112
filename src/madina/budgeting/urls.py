from django.urls import path

from . import views

app_name = "budgeting"
urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    path("concertation/<slug:slug>/", views.process_budget, name="process_budget"),
    path("<int:pk>/", views.budget_detail, name="budget_detail"),
    path("<int:pk>/voter/", views.vote, name="vote"),
    path("<int:pk>/eligibilite/", views.claim, name="claim"),
    path("<int:pk>/resultats/", views.results, name="results"),
    path("<int:pk>/resultats.pb", views.results_pabulib, name="results_pabulib"),
    path("<int:pk>/gestion/", views.manage, name="manage"),
    path("<int:pk>/gestion/habitants/", views.census_upload, name="census_upload"),
    path("<int:pk>/gestion/codes/", views.codes, name="codes"),
    path("<int:pk>/gestion/bulletin-papier/", views.paper_ballot, name="paper_ballot"),
    path("<int:pk>/gestion/depouillement/", views.request_count, name="request_count"),
]
