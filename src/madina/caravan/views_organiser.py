"""Organisers' pages: create an edition, choose its municipalities, set the rules, plan the tour in the background,
adjust it (pin a stop to a day, reorder by hand and evaluate), publish; export a stop's attendees.

Every page works without JavaScript: the planning page refreshes itself (meta refresh) while a plan is computed,
and htmx replaces only the progress box when it is loaded.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core import audit, exports
from madina.core.pages import REFUSED, act, submit
from madina.core.text import whole_number
from madina.territory import queries as territory_queries

from . import plan_pages, queries, services
from .forms import EditionForm, StopForm
from .models import PlanRun

# A queued plan that no worker took after this long: the page says how to start one.
WORKER_MISSING_SECONDS = 15


def organiser_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("caravan.plan_edition"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _plan_url(edition) -> str:
    return reverse("caravan:organiser_edition", kwargs={"slug": edition.slug})


@organiser_required
def organiser_home(request):
    return render(request, "caravan/organiser/home.html", {"editions": list(queries.all_editions())})


@organiser_required
def edition_create(request):
    form = EditionForm(request.POST or None)
    edition = submit(request, form, lambda data: services.create_edition(request.user, **data),
                     _("Édition créée. Choisissez maintenant ses municipalités."))
    if edition is not REFUSED:
        return redirect("caravan:organiser_municipalities", slug=edition.slug)
    return render(request, "caravan/organiser/edition_form.html", {"form": form, "edition": None},
                  status=400 if form.errors else 200)


@organiser_required
def edition_rules(request, slug):
    edition = queries.any_edition(slug)
    form = EditionForm(request.POST or None, instance=edition)
    saved = submit(request, form, lambda data: services.save_edition_rules(edition, request.user, **data),
                   _("Règles enregistrées."))
    if saved is not REFUSED:
        return redirect(_plan_url(edition))
    return render(request, "caravan/organiser/edition_form.html", {"form": form, "edition": edition},
                  status=400 if form.errors else 200)


@organiser_required
def edition_municipalities(request, slug):
    """Tick the municipalities to visit: a list with search (complete without JS); with JS, a click on the map
    ticks the same boxes."""
    edition = queries.any_edition(slug)
    if request.method == "POST":
        ids = [n for v in request.POST.getlist("municipality") if (n := whole_number(v)) is not None]
        shown = [n for v in request.POST.getlist("shown") if (n := whole_number(v)) is not None]
        added, removed, kept = services.set_municipalities(edition, request.user, ids, shown)
        messages.success(request, _("Étapes : %(added)s ajoutée(s), %(removed)s retirée(s).")
                         % {"added": added, "removed": removed})
        for stop in kept:
            messages.warning(request, _("%(stop)s est gardée : des personnes y sont inscrites.") % {"stop": stop.name})
        return redirect(request.get_full_path())
    text, governorate = request.GET.get("q", "").strip(), request.GET.get("gouvernorat", "")
    rows = list(territory_queries.search_municipalities(text, governorate))
    chosen = set(edition.stops.exclude(municipality=None).values_list("municipality_id", flat=True))
    groups: dict = {}
    for municipality in sorted(rows, key=lambda m: (m.governorate.name, m.name)):
        groups.setdefault(municipality.governorate, []).append(municipality)
    return render(request, "caravan/organiser/municipalities.html", {
        "edition": edition, "groups": groups, "chosen": chosen, "q": text, "governorate": governorate,
        "governorates": territory_queries.governorates(),
        "outlines": reverse("api-v1:territory_municipality_outlines"),
    })


def _worker_missing(run) -> bool:
    return run.status == PlanRun.Status.QUEUED and (timezone.now() - run.created_at).total_seconds() > WORKER_MISSING_SECONDS


@organiser_required
def edition_plan(request, slug):
    """The planning page: rules, stops in the current order (move, pin), the planner's runs."""
    edition = queries.any_edition(slug)
    stops = queries.stops_of(edition)
    runs = queries.plan_runs(edition)
    return render(request, "caravan/organiser/edition.html", {
        "edition": edition, "stops": stops, "runs": runs, "latest": runs[0] if runs else None,
        "tours": queries.tours_of(edition),
    })


@organiser_required
@require_POST
def stop_move(request, slug, order):
    edition = queries.any_edition(slug)
    stop = queries.stop_of(edition, order)
    step = -1 if request.POST.get("direction") == "up" else 1
    if services.move_stop(stop, request.user, step):
        messages.success(request, _("%(stop)s est maintenant l'étape %(order)s.") % {"stop": stop.name,
                                                                                     "order": stop.order})
    return redirect(_plan_url(edition) + "#etapes")


@organiser_required
def stop_edit(request, slug, order):
    edition = queries.any_edition(slug)
    stop = queries.stop_of(edition, order)
    form = StopForm(request.POST or None, instance=stop)
    saved = submit(request, form, lambda data: services.save_stop(stop, request.user, **data), _("Étape enregistrée."))
    if saved is not REFUSED:
        return redirect(_plan_url(edition) + "#etapes")
    return render(request, "caravan/organiser/stop_form.html", {
        "edition": edition, "stop": stop, "form": form, "attendees": list(queries.attendees(stop)),
    }, status=400 if form.errors else 200)


@organiser_required
@require_POST
def plan_request(request, slug):
    edition = queries.any_edition(slug)
    kind = PlanRun.Kind.ORDER if request.POST.get("kind") == "order" else PlanRun.Kind.PLAN
    run = act(request, lambda: services.request_plan(edition, request.user, kind))
    return redirect(_plan_url(edition) if run is REFUSED else run.get_absolute_url())


def _run_context(edition, run) -> dict:
    view = (plan_pages.plan_view(run, queries.localized_names(edition), queries.team_labels(edition))
            if run.status == PlanRun.Status.DONE else None)
    return {"edition": edition, "run": run, "plan": view, "worker_missing": _worker_missing(run),
            "route": reverse("caravan:plan_run_geojson", kwargs={"slug": edition.slug, "pk": run.pk})}


@organiser_required
def plan_run(request, slug, pk):
    edition = queries.any_edition(slug)
    run = queries.plan_run(edition, pk)
    return render(request, "caravan/organiser/plan_run.html", _run_context(edition, run))


@organiser_required
def plan_run_progress(request, slug, pk):
    """The progress box alone, for htmx; once the run is over it tells htmx to load the whole page."""
    edition = queries.any_edition(slug)
    run = queries.plan_run(edition, pk)
    response = render(request, "caravan/organiser/_progress.html", _run_context(edition, run))
    if run.is_finished:
        response["HX-Refresh"] = "true"
    return response


@organiser_required
def plan_run_geojson(request, slug, pk):
    """The plan's stops in each team's order, as GeoJSON points for the route map: the map draws one line per
    team in the team's colour, and each stop's popup names its team (the colour is never the only cue)."""
    edition = queries.any_edition(slug)
    run = queries.plan_run(edition, pk)
    names = queries.localized_names(edition)
    labels = queries.team_labels(edition)
    by_id = {stop["id"]: stop for stop in run.instance.get("stops", [])}
    features = []
    for team in (run.result or {}).get("teams") or []:
        name, colour = labels.get(team["team"], (team["team"], ""))
        features += [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [by_id[sid]["lon"], by_id[sid]["lat"]]},
             "properties": {"order": k, "name": names.get(sid, by_id[sid]["name"]), "team": team["team"],
                            "subtitle": name, "colour": colour}}
            for k, sid in enumerate(team["order"], start=1)
        ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@organiser_required
def plan_run_instance(request, slug, pk):
    """The instance as the planner saw it: `madina tour plan` replays it."""
    edition = queries.any_edition(slug)
    run = queries.plan_run(edition, pk)
    response = HttpResponse(json.dumps(run.instance, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caravane-{edition.slug}-{run.pk}.json"'
    return response


@organiser_required
@require_POST
def plan_run_apply(request, slug, pk):
    edition = queries.any_edition(slug)
    run = queries.plan_run(edition, pk)
    publish = request.POST.get("publish") == "1"
    done = _("Le programme est publié : jours et horaires des étapes viennent de ce plan.") if publish else \
        _("Ordre, jours et horaires du plan appliqués aux étapes.")
    if act(request, lambda: services.apply_plan(run, request.user, publish=publish), done) is REFUSED:
        return redirect(run.get_absolute_url())
    return redirect(edition.get_absolute_url() if publish else _plan_url(edition))


@organiser_required
def attendees_csv(request, slug, order):
    if not request.user.has_perm("caravan.export_attendees"):
        raise PermissionDenied
    edition = queries.any_edition(slug)
    stop = queries.stop_of(edition, order)
    audit.record("caravan.attendees_exported", request.user, municipality=stop.municipality_id,
                 governorate=stop.governorate_id, target=stop, attendees=stop.registration_count + stop.waitlist_count)
    header = ["name", "organisation", "sector", "email", "consent", "status", "registered_at", "email_confirmed"]
    rows = ([row.name, row.organisation, row.sector, row.email, "yes" if row.consent else "no", row.status,
             timezone.localtime(row.created_at).isoformat(timespec="minutes"), "yes" if row.confirmed_at else "no"]
            for row in queries.attendees(stop))
    return exports.csv_response(f"inscrits-{edition.slug}-{stop.order}.csv", [header, *rows])
