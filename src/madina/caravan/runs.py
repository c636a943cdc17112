"""Running the tour planner for a queued PlanRun, in the background worker: progress as it goes, then the plan
or the reason it failed. The road times come from the edition's stored matrix when it holds them (road_times.py)."""

from django.db import transaction
from django.utils import timezone

from madina.tour.travel import TravelError

from . import planning, road_times
from .models import PlanRun


def record_progress(run_id: int, phase: str, percent: int, message: str = "") -> None:
    PlanRun.objects.filter(pk=run_id).update(phase=phase, progress=percent, message=message)


def execute_plan_run(run_id: int) -> str:
    """Run the planner for a queued PlanRun and store its plan (or the error); returns the final status."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.QUEUED:
            return run.status if run else "missing"
        run.status, run.started_at = PlanRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    reporter = planning.Reporter(lambda *args: record_progress(run_id, *args), planning.plan_seconds())
    try:
        reporter.phase("matrix", 2)
        data, road = road_times.matrix_for(run.edition_id, run.instance)
        result = {**planning.compute(data, run.kind, reporter), "road_times": road}
    except (ValueError, KeyError, TravelError) as exc:  # the instance changed shape, the core refused it, no road server
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.FAILED, message=str(exc)[:300], finished_at=timezone.now(),
            phase=PlanRun.Phase.FINISHED,
        )
        return PlanRun.Status.FAILED
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanRun.Status.DONE, result=result, progress=100, phase=PlanRun.Phase.FINISHED, message="",
        finished_at=timezone.now(),
    )
    return PlanRun.Status.DONE
