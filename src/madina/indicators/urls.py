from django.urls import path, register_converter

from . import views


class FileKind:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class Code:
    """An indicator's code as written in the catalogue (EC:I:ES:1C, ISO:37120:5.1, MDN:PRJ:1)."""

    regex = "[A-Za-z0-9][A-Za-z0-9:._]{0,31}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileKind, "filekind")
register_converter(Code, "code")

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("valeurs.<filekind:kind>", views.values_file, name="values_file"),
    path("importer/", views.import_values, name="import"),
    path("calculer/", views.compute, name="compute"),
    path("municipalites/<slug:slug>/", views.municipality_dashboard, name="municipality"),
    path("<code:code>/", views.indicator_detail, name="indicator"),
    path("<code:code>/valeurs.<filekind:kind>", views.indicator_values_file, name="indicator_values_file"),
]
