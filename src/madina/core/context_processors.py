from django.conf import settings


def site(request):
    """Settings the layout and maps need on every page."""
    return {
        "MADINA_TILE_URL": settings.MADINA_TILE_URL,
        "MADINA_TILE_ATTRIBUTION": settings.MADINA_TILE_ATTRIBUTION,
    }
