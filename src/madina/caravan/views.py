"""Public pages of the caravan: the editions, one edition's programme by day (on screen, printable, CSV,
iCalendar), one stop with its registration form."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madina.core import exports, ratelimit
from madina.core.errors import NotAllowed, ServiceError
from madina.core.forms import show_error
from madina.core.mail import absolute_url
from madina.core.pages import act

from . import queries, services
from .api import stops_geojson_url
from .forms import RegistrationForm
from .models import Registration

TUNIS = ZoneInfo("Africa/Tunis")


def route_map_layers(edition) -> str:
    """The map of a tour: the governorates drawn from our own outlines, the stops joined in order on top."""
    return f"outline:{reverse('api-v1:territory_governorate_outlines')} route:{stops_geojson_url(edition)}"


def edition_list(request):
    return render(request, "caravan/edition_list.html", {"editions": list(queries.published_editions())})


def _programme(slug):
    edition = queries.published_edition(slug)
    stops = queries.stops_of(edition)
    return edition, stops


def edition_detail(request, slug):
    edition, stops = _programme(slug)
    return render(
        request,
        "caravan/edition_detail.html",
        {
            "edition": edition,
            "stops": stops,
            "days": queries.days_of(stops),
            "programmes": queries.tour_programmes(stops),
            "map_layers": route_map_layers(edition),
        },
    )


def edition_print(request, slug):
    edition, stops = _programme(slug)
    return render(request, "caravan/edition_print.html", {"edition": edition, "days": queries.days_of(stops)})


def edition_csv(request, slug):
    """The programme as CSV (UTF-8 with BOM so spreadsheets read the Arabic names)."""
    edition, stops = _programme(slug)
    header = ["order", "date", "starts_at", "ends_at", "name_fr", "name_ar", "governorate", "municipality", "venue",
              "lat", "lon", "date_is_estimated", "url"]
    rows = ([
        stop.order, stop.date.isoformat() if stop.date else "",
        stop.starts_at.strftime("%H:%M") if stop.starts_at else "",
        stop.ends_at.strftime("%H:%M") if stop.ends_at else "",
        stop.name_fr, stop.name_ar or "", stop.governorate_label, stop.municipality.name if stop.municipality else "",
        stop.venue or "", f"{stop.latitude:.5f}", f"{stop.longitude:.5f}",
        "yes" if edition.days_are_estimated else "no", absolute_url(stop.get_absolute_url()),
    ] for stop in stops)
    return exports.csv_response(f"caravane-{edition.slug}.csv", [header, *rows])


def _event(edition, stop) -> icalendar.Event | None:
    if stop.date is None:
        return None
    event = icalendar.Event()
    event.add("uid", f"caravane-{edition.slug}-etape-{stop.pk}@{settings.MADINA_SITE_DOMAIN}")
    event.add("dtstamp", timezone.now())
    if stop.starts_at and stop.ends_at:
        event.add("dtstart", dt.datetime.combine(stop.date, stop.starts_at, tzinfo=TUNIS))
        event.add("dtend", dt.datetime.combine(stop.date, stop.ends_at, tzinfo=TUNIS))
    else:
        event.add("dtstart", stop.date)
        event.add("dtend", stop.date + dt.timedelta(days=1))
    event.add("summary", f"{edition.name} – {stop.name}")
    event.add("location", ", ".join(part for part in (stop.venue, stop.name, stop.governorate_label) if part))
    event.add("geo", (float(stop.latitude), float(stop.longitude)))
    event.add("url", absolute_url(stop.get_absolute_url()))
    if edition.days_are_estimated:
        event.add("description", _("Jour estimé : les organisateurs n'ont publié que l'ordre des étapes."))
    return event


def _calendar(edition, stops, filename: str) -> HttpResponse:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Madina//Caravane//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", edition.name)
    calendar.add("x-wr-timezone", "Africa/Tunis")
    for stop in stops:
        event = _event(edition, stop)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def edition_ics(request, slug):
    edition, stops = _programme(slug)
    return _calendar(edition, stops, f"caravane-{edition.slug}.ics")


def stop_ics(request, slug, order):
    edition = queries.published_edition(slug)
    stop = queries.stop_of(edition, order)
    return _calendar(edition, [stop], f"caravane-{edition.slug}-{stop.order}.ics")


def stop_detail(request, slug, order, form=None, status=200):
    edition = queries.published_edition(slug)
    stop, previous, following = queries.stop_with_neighbours(edition, order)
    is_open = services.registration_is_open(stop)
    # A signed-in person registers with their account's address unless they type another (a signed-in page is
    # never served from the visitors' cache, core.pagecache).
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    return render(
        request,
        "caravan/stop_detail.html",
        {
            "edition": edition, "stop": stop, "previous": previous, "next": following,
            "registration_open": is_open, "form": (form or RegistrationForm(initial=initial)) if is_open else None,
        },
        status=status,
    )


def register(request, slug, order):
    if request.method != "POST":
        return redirect(reverse("caravan:stop_detail", kwargs={"slug": slug, "order": order}) + "#inscription")
    stop = queries.stop_of(queries.published_edition(slug), order)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = services.register(stop, **form.cleaned_data, language=translation.get_language(),
                                             address=ratelimit.visitor(request))
        except NotAllowed as error:
            messages.error(request, error.message)
            return redirect(stop.get_absolute_url())
        except ServiceError as error:
            show_error(form, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Votre inscription est confirmée ; un e-mail de confirmation vous a été "
                                            "envoyé."))
            else:
                messages.warning(request, _("Toutes les places sont prises : vous êtes sur la liste d'attente. Nous "
                                            "vous écrirons si une place se libère."))
            return redirect(stop.get_absolute_url() + "#inscription")
    return stop_detail(request, slug, order, form=form, status=400)


def cancel_registration(request, token):
    """The page of the link in the registration e-mail: confirm the address (a button, so that a mail scanner
    opening the link confirms nothing), or cancel."""
    registration = queries.registration_by_token(token)
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        if request.POST.get("action") == "confirm":
            act(request, lambda: services.confirm_registration(registration), _("Votre inscription est confirmée."))
        else:
            services.cancel_registration(registration)
            messages.success(request, _("Votre inscription est annulée."))
        return redirect(request.path)
    return render(request, "caravan/registration_cancel.html", {
        "registration": registration, "stop": registration.stop,
        "confirm_by": registration.created_at + dt.timedelta(hours=settings.CARAVAN_CONFIRMATION_HOURS),
    })
