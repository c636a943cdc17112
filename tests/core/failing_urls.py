"""Madina's URLs plus one page that fails, for tests/core/test_logs.py."""

from django.urls import path

from madina.urls import handler500
from madina.urls import urlpatterns as madina_urls


def broken(request):
    raise RuntimeError("the database said something unexpected")


urlpatterns = [path("en-panne/", broken), *madina_urls]
__all__ = ["handler500", "urlpatterns"]
