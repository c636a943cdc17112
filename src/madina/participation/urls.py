from django.urls import path

from .views import moderation, people, processes, proposals

app_name = "participation"
urlpatterns = [
    path("", processes.process_list, name="process_list"),
    path("nouvelle-concertation/", processes.process_create, name="process_create"),
    path("concertations/<slug:slug>/", processes.process_detail, name="process_detail"),
    path("concertations/<slug:slug>/gestion/", processes.process_manage, name="process_manage"),
    path("concertations/<slug:slug>/gestion/modifier/", processes.process_edit, name="process_edit"),
    path("concertations/<slug:slug>/gestion/image/", processes.process_picture, name="process_picture"),
    path("concertations/<slug:slug>/gestion/publication/", processes.process_publish, name="process_publish"),
    path("concertations/<slug:slug>/gestion/phases/", processes.phase_add, name="phase_add"),
    path("phases/<int:pk>/modifier/", processes.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/supprimer/", processes.phase_delete, name="phase_delete"),
    path("concertations/<slug:slug>/propositions.geojson", processes.process_points, name="process_points"),
    path("concertations/<slug:slug>/limite.geojson", processes.process_outline, name="process_outline"),
    path("concertations/<slug:slug>/suivre/", processes.process_follow, name="process_follow"),
    path("concertations/<slug:slug>/proposer/", proposals.proposal_create, name="proposal_create"),
    path("propositions/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("propositions/<int:pk>/lieu.geojson", proposals.proposal_point, name="proposal_point"),
    path("propositions/<int:pk>/modifier/", proposals.proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/publier/", proposals.proposal_publish, name="proposal_publish"),
    path("propositions/<int:pk>/retirer/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("propositions/<int:pk>/soutenir/", proposals.proposal_support, name="proposal_support"),
    path("propositions/<int:pk>/suivre/", proposals.proposal_follow, name="proposal_follow"),
    path("propositions/<int:pk>/appuyer/", proposals.proposal_endorse, name="proposal_endorse"),
    path("propositions/<int:pk>/commenter/", proposals.proposal_comment, name="proposal_comment"),
    path("propositions/<int:pk>/reponse-officielle/", proposals.proposal_answer, name="proposal_answer"),
    path("propositions/<int:pk>/signaler/", moderation.proposal_report, name="proposal_report"),
    path("commentaires/<int:pk>/repondre/", proposals.comment_reply, name="comment_reply"),
    path("commentaires/<int:pk>/voter/", proposals.comment_vote, name="comment_vote"),
    path("commentaires/<int:pk>/signaler/", moderation.comment_report, name="comment_report"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/<str:kind>/<int:pk>/<str:action>/", moderation.moderate, name="moderate"),
    path("personnes/<str:name>/", people.person, name="person"),
    path("notifications/", moderation.notification_list, name="notifications"),
]
