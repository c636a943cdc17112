"""Organisers' pages for an edition's tours and teams: add or change a tour (its dates) and a team (its tour,
colour, fixed start or end). A refused value is said on its field and nothing is written."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core.pages import REFUSED, act, submit

from . import queries, services
from .forms import TeamForm, TourForm
from .models import Team, Tour
from .views_organiser import organiser_required


def _back(edition):
    return redirect(queries.organiser_url(edition) + "#tournees")


def _form_page(request, edition, form, title, delete_url=None):
    return render(request, "caravan/organiser/tour_form.html", {"edition": edition, "form": form, "title": title,
                                                                "delete_url": delete_url},
                  status=400 if form.errors else 200)


@organiser_required
def tour_add(request, slug):
    edition = queries.any_edition(slug)
    form = TourForm(request.POST or None)
    if submit(request, form, lambda data: services.add_tour(edition, request.user, **data),
              _("Tournée ajoutée, avec une équipe.")) is not REFUSED:
        return _back(edition)
    return _form_page(request, edition, form, _("Nouvelle tournée"))


@organiser_required
def tour_edit(request, slug, pk):
    edition = queries.any_edition(slug)
    tour = get_object_or_404(Tour, edition=edition, pk=pk)
    form = TourForm(request.POST or None, instance=Tour.objects.get(pk=tour.pk))
    if submit(request, form, lambda data: services.save_tour(tour, request.user, **data),
              _("Tournée enregistrée.")) is not REFUSED:
        return _back(edition)
    return _form_page(request, edition, form, tour.name,
                      reverse("caravan:organiser_tour_delete", kwargs={"slug": edition.slug, "pk": tour.pk}))


@organiser_required
def team_add(request, slug):
    edition = queries.any_edition(slug)
    form = TeamForm(request.POST or None, edition=edition, initial={"tour": request.GET.get("tournee")})
    if submit(request, form, lambda data: services.add_team(data.pop("tour"), request.user, **data),
              _("Équipe ajoutée.")) is not REFUSED:
        return _back(edition)
    return _form_page(request, edition, form, _("Nouvelle équipe"))


@organiser_required
def team_edit(request, slug, pk):
    edition = queries.any_edition(slug)
    team = get_object_or_404(Team, tour__edition=edition, pk=pk)
    form = TeamForm(request.POST or None, instance=Team.objects.get(pk=team.pk), edition=edition,
                    initial={"tour": team.tour_id})
    form.fields["tour"].disabled = True
    if submit(request, form, lambda data: services.save_team(team, request.user, **{k: v for k, v in data.items()
                                                                                     if k != "tour"}),
              _("Équipe enregistrée.")) is not REFUSED:
        return _back(edition)
    return _form_page(request, edition, form, team.name,
                      reverse("caravan:organiser_team_delete", kwargs={"slug": edition.slug, "pk": team.pk}))


@organiser_required
@require_POST
def tour_delete(request, slug, pk):
    """The tour goes (an edition keeps one); its stops go back to the planner's choice."""
    edition = queries.any_edition(slug)
    tour = get_object_or_404(Tour, edition=edition, pk=pk)
    act(request, lambda: services.delete_tour(tour, request.user), _("Tournée supprimée."))
    return _back(edition)


@organiser_required
@require_POST
def team_delete(request, slug, pk):
    edition = queries.any_edition(slug)
    team = get_object_or_404(Team, tour__edition=edition, pk=pk)
    act(request, lambda: services.delete_team(team, request.user), _("Équipe supprimée."))
    return _back(edition)
