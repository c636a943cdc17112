from .models import Governorate, Municipality, Perimeter


def national_counts() -> dict:
    return {
        "governorates": Governorate.objects.count(),
        "municipalities": Municipality.objects.count(),
        "perimeters": Perimeter.objects.count(),
    }
