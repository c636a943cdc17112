from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/avatar/", views.avatar, name="avatar"),
    path("journal/", views.audit, name="audit"),
    path("jetons/", views.api_tokens, name="api_tokens"),
    path("mes-donnees.json", views.my_data, name="my_data"),
    path("supprimer/", views.erase_account, name="erase"),
    path("jetons/<int:pk>/revoquer/", views.revoke_api_token, name="revoke_api_token"),
]
