from django.shortcuts import get_object_or_404, render

from .models import Governorate, Municipality, Perimeter


def governorate_list(request):
    return render(request, "territory/governorate_list.html", {"governorates": Governorate.objects.all()})


def governorate_detail(request, slug):
    return render(request, "territory/governorate_detail.html", {"governorate": get_object_or_404(Governorate, slug=slug)})


def municipality_detail(request, slug):
    return render(
        request, "territory/municipality_detail.html", {"municipality": get_object_or_404(Municipality, slug=slug)}
    )


def perimeter_list(request):
    return render(request, "territory/perimeter_list.html", {"perimeters": Perimeter.objects.all()})


def perimeter_detail(request, slug):
    return render(request, "territory/perimeter_detail.html", {"perimeter": get_object_or_404(Perimeter, slug=slug)})
