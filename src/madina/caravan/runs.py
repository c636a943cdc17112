"""Running the tour planner for a queued PlanRun, in the background worker: progress as it goes, then the plan
or the reason it failed."""

from django.db import transaction
from django.utils import timezone

from . import planning
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
        result = planning.compute(run.instance, run.kind, reporter)
    except (ValueError, KeyError) as exc:  # the instance changed shape, or the core refused it
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
