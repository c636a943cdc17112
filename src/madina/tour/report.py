"""A plan as text for people (the agenda day by day) and as JSON for programs (the web pages, scripts)."""

from __future__ import annotations

from madina.tour.duration import clock, human
from madina.tour.model import Day, Plan, Problem


def plan_dict(plan: Plan) -> dict:
    return {
        "instance": plan.instance,
        "feasible": plan.feasible,
        "status": status(plan),
        "cost_minutes": plan.cost,
        "drive_minutes": plan.drive,
        "ferry_minutes": plan.ferry,
        "lower_bound_minutes": plan.lower_bound,
        "gap": round(plan.gap, 6) if plan.feasible else None,
        "proven_optimal": plan.proven_optimal,
        "method": plan.method,
        "seconds": round(plan.seconds, 3),
        "teams": [
            {
                "team": t.team,
                "feasible": t.feasible,
                "order": list(t.order),
                "drive_minutes": t.drive,
                "ferry_minutes": t.ferry,
                "days_used": t.days_used,
                "days_available": t.days_available,
                "slack_days": t.slack,
                "days": [_day_dict(day) for day in t.days],
            }
            for t in plan.teams
        ],
        "problems": [_problem_dict(p) for p in plan.problems],
        "tried": list(plan.tried),
    }


def status(plan: Plan) -> str:
    """'planned', 'infeasible' (with a proof in the problems) or 'not-found' (none found in the time given)."""
    return "planned" if plan.feasible else "infeasible" if plan.proven_infeasible else "not-found"


def _day_dict(day: Day) -> dict:
    return {
        "date": day.date.isoformat(),
        "kind": day.kind,
        "drive_minutes": day.drive,
        "night": day.night,
        "evening_drive": day.evening,
        "events": [
            {"kind": e.kind, "start": clock(e.start), "end": clock(e.end), "place": e.place, "stop": e.stop,
             "drive_minutes": e.drive}
            for e in day.events
        ],
    }


def _problem_dict(problem: Problem) -> dict:
    return {"constraint": problem.constraint, "message": problem.message, "team": problem.team,
            "stop": problem.stop, "fixes": problem.fixes}


def plan_text(plan: Plan, names: dict[str, str]) -> str:
    lines = [f"{plan.instance}"]
    if plan.feasible and any(t.days for t in plan.teams):
        verdict = "optimal (proven)" if plan.proven_optimal else (
            f"within {plan.gap:.1%} of the optimum (lower bound {human(plan.lower_bound)})")
        lines.append(f"Plan: {verdict}; method {plan.method}; {plan.seconds:.2f} s")
    lines.append(f"Total: {human(plan.drive)} of driving, {human(plan.ferry)} on ferries "
                 f"(objective {plan.cost} min)")
    for team in plan.teams:
        lines.append("")
        days = (f"{team.days_used} of {team.days_available} days ({team.slack} to spare)" if team.feasible
                else f"does not fit its {team.days_available} days")
        lines.append(f"Team {team.team}: {len(team.order)} stops, {days}, {human(team.drive)} of driving")
        lines.append("Order: " + " → ".join(names.get(s, s) for s in team.order))
        for day in team.days:
            lines.extend(_day_lines(day, names))
    if not plan.feasible:
        lines.append("")
        if plan.proven_infeasible:
            lines.append("Infeasible, for this reason:" if len(plan.problems) == 1 else "Infeasible, for these reasons:")
        else:
            lines.append(f"No plan found in {plan.seconds:.0f} s (not a proof that none exists):")
        lines.extend(f"  - {p.message}" for p in plan.problems)
        if plan.tried:
            lines.append("Tried:")
            lines.extend(f"  - {step}" for step in plan.tried)
    return "\n".join(lines)


def _day_lines(day: Day, names: dict[str, str]) -> list[str]:
    head = f"  {day.date:%a %d %b}  {day.kind}"
    if day.kind in ("rest", "idle", "free"):
        where = f" at {names.get(day.night, day.night)}" if day.night else ""
        return [head + where]
    lines = [f"{head}, {human(day.drive)} at the wheel" + (", evening drive" if day.evening else "")]
    for e in day.events:
        lines.append(f"    {clock(e.start)}-{clock(e.end)}  {e.kind:<8} {e.place}")
    lines.append(f"    night at {names.get(day.night, day.night)}")
    return lines
