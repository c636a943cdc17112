"""The indicators a project aims to move, declared by those who manage its municipality (indicators' rule and
service: projects sits above indicators and writes through `indicators.services`). The project page and the
indicator page show both sides."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madina.core.pages import REFUSED, act, submit
from madina.indicators import services as indicators
from madina.indicators.models import ProjectIndicator
from madina.indicators.queries import aims_of_project
from madina.indicators.rules import may_enter_values_of

from .forms import AimForm
from .models import Project


@login_required
def aims(request, pk):
    project = get_object_or_404(Project.objects.select_related("municipality").only(
        "id", "title", "municipality__id", "municipality__slug", "municipality__governorate_id"), pk=pk)
    if not may_enter_values_of.test(request.user, project.municipality):
        raise PermissionDenied
    if request.method == "POST" and "drop" in request.POST:
        drop = request.POST["drop"]
        aim = get_object_or_404(ProjectIndicator, pk=int(drop) if drop.isascii() and drop.isdigit() else 0,
                                project=project)
        act(request, lambda: indicators.drop_project_aim(request.user, aim), _("Indicateur retiré du projet."))
        return redirect("projects:aims", pk=pk)
    current = list(aims_of_project(project.pk).order_by("indicator__code"))
    editing = next((aim for aim in current if aim.indicator.code == request.GET.get("indicateur")), None)
    initial = {"indicator": editing.indicator, "expected_change": editing.expected_change.normalize(),
               "by_year": editing.by_year, "note": editing.note} if editing else None
    form = AimForm(request.POST if request.method == "POST" else None, initial=initial)
    if submit(request, form, lambda data: indicators.aim_project(
            request.user, project, data["indicator"], expected_change=data["expected_change"],
            by_year=data["by_year"], note=data["note"]), _("Indicateur visé enregistré.")) is not REFUSED:
        return redirect("projects:aims", pk=pk)
    return render(request, "projects/aims.html", {"project": project, "aims": current, "form": form,
                                                  "editing": editing}, status=400 if form.errors else 200)
