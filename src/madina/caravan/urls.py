from django.urls import path

from . import views

app_name = "caravan"
urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    path("<slug:slug>/", views.edition_detail, name="edition_detail"),
    path("<slug:slug>/etapes/<int:order>/", views.stop_detail, name="stop_detail"),
]
