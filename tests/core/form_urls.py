"""Madina's URLs plus a page with a form and one that starts a session, for tests/core/test_pagecache.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from madina.urls import urlpatterns as madina_urls

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Envoyer</button></form>')


def with_form(request):
    return HttpResponse(FORM.render({}, request))


def remembers(request):
    request.session["vu"] = True
    return HttpResponse("vu")


urlpatterns = [path("formulaire/", with_form), path("souvenir/", remembers), *madina_urls]
