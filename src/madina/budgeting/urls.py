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
    path("concertation/<slug:slug>/preparer/", views.setup, name="setup"),
    path("<int:pk>/gestion/", views.manage, name="manage"),
    path("<int:pk>/gestion/regles/", views.edit, name="edit"),
    path("<int:pk>/gestion/projets/", views.projects, name="projects"),
    path("<int:pk>/gestion/projets/catalogue/", views.add_catalogue_project, name="add_catalogue_project"),
    path("<int:pk>/gestion/projets/proposition/", views.add_proposal_project, name="add_proposal_project"),
    path("<int:pk>/gestion/projets/<int:project_pk>/retirer/", views.remove_project, name="remove_project"),
    path("<int:pk>/gestion/habitants/", views.census_upload, name="census_upload"),
    path("<int:pk>/gestion/codes/", views.codes, name="codes"),
    path("<int:pk>/gestion/bulletin-papier/", views.paper_ballot, name="paper_ballot"),
    path("<int:pk>/gestion/depouillement/", views.request_count, name="request_count"),
    path("<int:pk>/gestion/blocages/<int:user_pk>/lever/", views.unlock, name="unlock"),
    path("<int:pk>/gestion/blocages/reprendre/", views.resume_checks, name="resume_checks"),
]
