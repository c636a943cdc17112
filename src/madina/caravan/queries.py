from .models import Edition, Stop


def featured_edition():
    return Edition.objects.filter(is_published=True).order_by("-start_date").first()


def stops_of(edition):
    return list(Stop.objects.filter(edition=edition).select_related("municipality").order_by("order"))
