from django.urls import path

from . import views, views_tours
from . import views_organiser as organiser

app_name = "caravan"
urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    # Organisers (before the editions' slugs; services.RESERVED_SLUGS keeps "organiser" free).
    path("organiser/", organiser.organiser_home, name="organiser_home"),
    path("organiser/nouvelle/", organiser.edition_create, name="organiser_edition_create"),
    path("organiser/<slug:slug>/", organiser.edition_plan, name="organiser_edition"),
    path("organiser/<slug:slug>/regles/", organiser.edition_rules, name="organiser_rules"),
    path("organiser/<slug:slug>/municipalites/", organiser.edition_municipalities, name="organiser_municipalities"),
    path("organiser/<slug:slug>/tournees/nouvelle/", views_tours.tour_add, name="organiser_tour_add"),
    path("organiser/<slug:slug>/tournees/<int:pk>/", views_tours.tour_edit, name="organiser_tour"),
    path("organiser/<slug:slug>/tournees/<int:pk>/supprimer/", views_tours.tour_delete, name="organiser_tour_delete"),
    path("organiser/<slug:slug>/equipes/<int:pk>/supprimer/", views_tours.team_delete, name="organiser_team_delete"),
    path("organiser/<slug:slug>/equipes/nouvelle/", views_tours.team_add, name="organiser_team_add"),
    path("organiser/<slug:slug>/equipes/<int:pk>/", views_tours.team_edit, name="organiser_team"),
    path("organiser/<slug:slug>/planifier/", organiser.plan_request, name="organiser_plan_request"),
    path("organiser/<slug:slug>/etapes/<int:order>/", organiser.stop_edit, name="organiser_stop"),
    path("organiser/<slug:slug>/etapes/<int:order>/deplacer/", organiser.stop_move, name="organiser_stop_move"),
    path("organiser/<slug:slug>/etapes/<int:order>/inscrits.csv", organiser.attendees_csv, name="attendees_csv"),
    path("organiser/<slug:slug>/calculs/<int:pk>/", organiser.plan_run, name="plan_run"),
    path("organiser/<slug:slug>/calculs/<int:pk>/avancement/", organiser.plan_run_progress, name="plan_run_progress"),
    path("organiser/<slug:slug>/calculs/<int:pk>/parcours.geojson", organiser.plan_run_geojson,
         name="plan_run_geojson"),
    path("organiser/<slug:slug>/calculs/<int:pk>/instance.json", organiser.plan_run_instance,
         name="plan_run_instance"),
    path("organiser/<slug:slug>/calculs/<int:pk>/appliquer/", organiser.plan_run_apply, name="plan_run_apply"),
    path("inscriptions/<uuid:token>/", views.cancel_registration, name="cancel_registration"),
    # Public programme.
    path("<slug:slug>/", views.edition_detail, name="edition_detail"),
    path("<slug:slug>/programme/imprimer/", views.edition_print, name="edition_print"),
    path("<slug:slug>/programme.csv", views.edition_csv, name="edition_csv"),
    path("<slug:slug>/programme.ics", views.edition_ics, name="edition_ics"),
    path("<slug:slug>/etapes/<int:order>/", views.stop_detail, name="stop_detail"),
    path("<slug:slug>/etapes/<int:order>/etape.ics", views.stop_ics, name="stop_ics"),
    path("<slug:slug>/etapes/<int:order>/inscription/", views.register, name="register"),
]
