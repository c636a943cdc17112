"""Pages of the territory: governorates, municipalities, search, "what is here?", smart-city perimeters."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madina.core.pages import REFUSED, picture_page, submit

from . import connections, queries, services
from .forms import LocateForm, PerimeterForm, SearchForm
from .models import Municipality, Perimeter
from .rules import may_change_municipality_picture


def governorate_list(request):
    return render(
        request,
        "territory/governorate_list.html",
        {"governorates": queries.governorates(), "search_form": SearchForm(), "locate_form": LocateForm()},
    )


def governorate_detail(request, slug):
    governorate = queries.governorate(slug)
    return render(
        request,
        "territory/governorate_detail.html",
        {
            "governorate": governorate, "municipalities": queries.municipalities_of(governorate),
            "perimeters": list(queries.perimeters().filter(municipality__governorate=governorate)),
            "sections": connections.sections(governorate),
        },
    )


@login_required
def municipality_picture(request, slug):
    municipality = queries.municipality(slug)
    if not may_change_municipality_picture.test(request.user, municipality):
        raise PermissionDenied
    return picture_page(
        request, save=lambda **change: services.set_municipality_picture(municipality, request.user, **change),
        current=municipality.image, heading=_("Image de la municipalité : %(name)s") % {"name": municipality.name},
        back=municipality.get_absolute_url(), alt=municipality.image_alt,
        success=_("L'image de la municipalité est enregistrée."),
    )


def municipality_detail(request, slug):
    municipality = queries.municipality(slug)
    return render(
        request,
        "territory/municipality_detail.html",
        {
            "municipality": municipality,
            "perimeters": list(queries.perimeters(municipality)),
            "sections": connections.sections(municipality),
            "may_add_perimeter": request.user.has_perm("territory.add_perimeter", municipality),
            "may_change_picture": may_change_municipality_picture.test(request.user, municipality),
        },
    )


def municipality_search(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        page = Paginator(queries.search_municipalities(form.cleaned_data["q"]), 25).get_page(request.GET.get("page"))
    return render(request, "territory/municipality_search.html", {"form": form, "page": page})


def locate(request):
    form = LocateForm(request.GET or None)
    found = searched = None
    if form.is_valid():
        searched = form.cleaned_data
        found = queries.locate(searched["lat"], searched["lon"])
    return render(request, "territory/locate.html", {"form": form, "found": found, "searched": searched})


def perimeter_list(request):
    return render(request, "territory/perimeter_list.html", {"perimeters": list(queries.perimeters())})


def perimeter_detail(request, slug):
    perimeter = queries.perimeter(slug)
    return render(
        request,
        "territory/perimeter_detail.html",
        {
            "perimeter": perimeter, "may_change": request.user.has_perm("territory.change_perimeter", perimeter),
            "sections": connections.sections(perimeter),
        },
    )


def _perimeter_form_page(request, form, municipality, perimeter=None):
    return render(
        request,
        "territory/perimeter_form.html",
        {"form": form, "municipality": municipality, "perimeter": perimeter},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def perimeter_create(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    if not request.user.has_perm("territory.add_perimeter", municipality):
        raise PermissionDenied
    form = PerimeterForm(request.POST or None, request.FILES or None, municipality=municipality)
    perimeter = submit(request, form, lambda data: services.create_perimeter(municipality, form.perimeter_data(),
                                                                             request.user),
                       _("Le périmètre a été enregistré."))
    if perimeter is not REFUSED:
        return redirect(perimeter)
    return _perimeter_form_page(request, form, municipality)


@login_required
def perimeter_edit(request, slug):
    perimeter = get_object_or_404(Perimeter.objects.select_related("municipality__governorate"), slug=slug)
    if not request.user.has_perm("territory.change_perimeter", perimeter):
        raise PermissionDenied
    initial = {
        field: getattr(perimeter, field) or ""
        for field in ("name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en")
    }
    initial.update(is_approximate=perimeter.is_approximate, geometry=perimeter.geometry and json.dumps(perimeter.geometry))
    form = PerimeterForm(
        request.POST or None, request.FILES or None, municipality=perimeter.municipality, initial=initial
    )
    saved = submit(request, form, lambda data: services.update_perimeter(perimeter, form.perimeter_data(), request.user),
                   _("Le périmètre a été mis à jour."))
    if saved is not REFUSED:
        return redirect(perimeter)
    return _perimeter_form_page(request, form, perimeter.municipality, perimeter)
