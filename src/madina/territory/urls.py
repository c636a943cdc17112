from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.governorate_list, name="governorate_list"),
    path("gouvernorats/<slug:slug>/", views.governorate_detail, name="governorate_detail"),
    path("municipalites/", views.municipality_search, name="municipality_search"),
    path("municipalites/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("municipalites/<slug:slug>/image/", views.municipality_picture, name="municipality_picture"),
    path("municipalites/<slug:slug>/nouveau-perimetre/", views.perimeter_create, name="perimeter_create"),
    path("localiser/", views.locate, name="locate"),
    path("perimetres/", views.perimeter_list, name="perimeter_list"),
    path("perimetres/<slug:slug>/", views.perimeter_detail, name="perimeter_detail"),
    path("perimetres/<slug:slug>/modifier/", views.perimeter_edit, name="perimeter_edit"),
]
