from django.shortcuts import get_object_or_404, render

from . import queries
from .models import Edition


def edition_list(request):
    return render(request, "caravan/edition_list.html", {"editions": Edition.objects.filter(is_published=True)})


def edition_detail(request, slug):
    edition = get_object_or_404(Edition, slug=slug, is_published=True)
    return render(request, "caravan/edition_detail.html", {"edition": edition, "stops": queries.stops_of(edition)})


def stop_detail(request, slug, order):
    edition = get_object_or_404(Edition, slug=slug, is_published=True)
    stop = get_object_or_404(edition.stops.select_related("municipality"), order=order)
    return render(request, "caravan/stop_detail.html", {"edition": edition, "stop": stop})
