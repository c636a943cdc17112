"""Every form field is drawn by one template (core/_field.html) and every refusal lands next to its field."""

import pytest
from django import forms
from django.core.paginator import Paginator
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test import RequestFactory

from madina.core.errors import Invalid
from madina.core.forms import DateInput, FormRenderer, show_error


class Sample(forms.Form):
    title = forms.CharField(label="Titre")
    title_ar = forms.CharField(label="Titre (arabe)", required=False)
    body = forms.CharField(label="Texte", widget=forms.Textarea, required=False, help_text="Quelques mots.")
    email = forms.EmailField(label="E-mail", required=False)
    day = forms.DateField(label="Jour", required=False, widget=DateInput())
    agree = forms.BooleanField(label="D'accord", required=False)


def test_a_field_has_its_label_required_mark_direction_help_and_errors():
    form = Sample(data={"title": "", "title_ar": "عنوان", "body": "x", "email": "pas-une-adresse"})
    assert not form.is_valid()
    title, title_ar, body, email = (str(form[name].as_field_group()) for name in ("title", "title_ar", "body", "email"))
    assert 'class="form-row form-row-invalid"' in title and '<span class="required" aria-hidden="true">*</span>' in title
    assert 'class="errorlist"' in title and 'aria-invalid="true"' in title and "required" in title
    assert 'lang="ar"' in title_ar and 'dir="rtl"' in title_ar and "*" not in title_ar
    assert 'dir="auto"' in body and 'id="id_body_helptext"' in body and 'aria-describedby="id_body_helptext"' in body
    assert 'dir="auto"' not in email  # addresses are not free text
    assert "form-row-check" in str(form["agree"].as_field_group())


@pytest.mark.parametrize("value", ["", "b", ["a", "c"]])
def test_our_select_draws_what_djangos_draws(value):
    """The select written in one loop (core/templates/django/forms/widgets/select.html) must say exactly what
    Django's option-by-option one says: groups, the chosen options, disabled and other option attributes."""
    choices = [("", "—"), ("a", "Ariana & <Manouba>"), ("Sud", [("b", "Gabès"), ("c", "قابس")])]
    multiple = isinstance(value, list)
    widget = (forms.SelectMultiple if multiple else forms.Select)(choices=choices, attrs={"id": "x", "dir": "auto"})
    widget.create_option = _with_attrs(widget.create_option)

    def drawn(renderer):
        return " ".join(widget.render("place", value, renderer=renderer).split())

    assert drawn(FormRenderer()) == drawn(DjangoTemplates())
    assert "Gabès" in drawn(FormRenderer()) and "&lt;Manouba&gt;" in drawn(FormRenderer())


def _with_attrs(create_option):
    def create(name, value, *args, **kwargs):
        option = create_option(name, value, *args, **kwargs)
        if value == "c":
            option["attrs"].update(disabled=True, lang="ar", hidden=False)
        return option
    return create


def test_dates_are_iso_whatever_the_language():
    form = Sample(initial={"day": "2026-03-09"})
    assert 'type="date"' in str(form["day"]) and 'value="2026-03-09"' in str(form["day"])


def test_a_service_refusal_lands_on_its_field_or_above_the_form():
    form = Sample(data={"title": "Un titre"})
    assert form.is_valid()
    show_error(form, Invalid("Trop long.", field="body"))
    show_error(form, Invalid("Refusé.", field="not_a_field"))
    assert form.errors["body"] == ["Trop long."] and form.non_field_errors() == ["Refusé."]


def test_pagination_keeps_every_filter():
    request = RequestFactory().get("/participer/concertations/x/", {"q": "ombre", "sector": "MOB", "page": "2"})
    page = Paginator(range(50), 20).get_page(2)
    html = Template('{% include "core/_pagination.html" %}').render(Context({"page": page, "request": request}))
    assert 'href="?q=ombre&amp;sector=MOB&amp;page=1"' in html and 'href="?q=ombre&amp;sector=MOB&amp;page=3"' in html
    assert "Page 2 sur 3" in html


def test_a_refusal_no_page_caught_is_a_refusal_not_a_server_error(rf, db):
    """core.middleware answers what a view let through: 403, 404, or the message back on the page."""
    from django.contrib.messages.storage.cookie import CookieStorage

    from madina.core.errors import Conflict, NotAllowed, NotFound
    from madina.core.middleware import ServiceErrorMiddleware

    middleware = ServiceErrorMiddleware(lambda request: None)
    request = rf.post("/caravane/organiser/x/planifier/", HTTP_REFERER="http://testserver/caravane/organiser/x/")
    request._messages = CookieStorage(request)
    assert middleware.process_exception(request, NotAllowed("Non.")).status_code == 403
    assert middleware.process_exception(request, NotFound("Rien.")).status_code == 404
    back = middleware.process_exception(request, Conflict("Déjà fait."))
    assert back.status_code == 302 and back["Location"] == "http://testserver/caravane/organiser/x/"
    assert [str(m) for m in request._messages] == ["Déjà fait."]
    assert middleware.process_exception(request, ValueError("a bug")) is None
    for referer in ({}, {"HTTP_REFERER": "https://elsewhere.example/"}, {"HTTP_REFERER": "http://testserver/x/"}):
        direct = rf.post("/x/", **referer)  # no page to go back to (or not ours, or the failing one itself)
        direct._messages = CookieStorage(direct)
        answer = middleware.process_exception(direct, Conflict("Déjà fait."))
        assert answer.status_code == 409 and "Déjà fait." in answer.content.decode()
