from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.process_list, name="process_list"),
    path("nouvelle-concertation/", views.process_create, name="process_create"),
    path("concertations/<slug:slug>/", views.process_detail, name="process_detail"),
    path("concertations/<slug:slug>/gestion/", views.process_manage, name="process_manage"),
    path("concertations/<slug:slug>/gestion/modifier/", views.process_edit, name="process_edit"),
    path("concertations/<slug:slug>/gestion/publication/", views.process_publish, name="process_publish"),
    path("concertations/<slug:slug>/gestion/phases/", views.phase_add, name="phase_add"),
    path("phases/<int:pk>/modifier/", views.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/supprimer/", views.phase_delete, name="phase_delete"),
    path("concertations/<slug:slug>/propositions.geojson", views.process_points, name="process_points"),
    path("concertations/<slug:slug>/limite.geojson", views.process_outline, name="process_outline"),
    path("concertations/<slug:slug>/suivre/", views.process_follow, name="process_follow"),
    path("concertations/<slug:slug>/proposer/", views.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/lieu.geojson", views.proposal_point, name="proposal_point"),
    path("propositions/<int:pk>/modifier/", views.proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/retirer/", views.proposal_withdraw, name="proposal_withdraw"),
    path("propositions/<int:pk>/soutenir/", views.proposal_support, name="proposal_support"),
    path("propositions/<int:pk>/suivre/", views.proposal_follow, name="proposal_follow"),
    path("propositions/<int:pk>/appuyer/", views.proposal_endorse, name="proposal_endorse"),
    path("propositions/<int:pk>/commenter/", views.proposal_comment, name="proposal_comment"),
    path("propositions/<int:pk>/reponse-officielle/", views.proposal_answer, name="proposal_answer"),
    path("propositions/<int:pk>/signaler/", views.proposal_report, name="proposal_report"),
    path("commentaires/<int:pk>/repondre/", views.comment_reply, name="comment_reply"),
    path("commentaires/<int:pk>/signaler/", views.comment_report, name="comment_report"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path(
        "moderation/<str:kind>/<int:pk>/<str:action>/", views.moderate, name="moderate",
    ),
    path("notifications/", views.notification_list, name="notifications"),
]
