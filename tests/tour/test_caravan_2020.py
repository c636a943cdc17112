"""The 2020 edition: a proven optimal order in 8 days; the order announced in 2020 is explained."""

import json

import pytest

from madina.tour.cli import main
from madina.tour.io import load_instance
from madina.tour.solve import evaluate, solve
from tests.conftest import REPO
from tests.tour.checks import check_plan

EXAMPLE = REPO / "examples" / "caravan-2020.json"


@pytest.fixture(scope="module")
def instance():
    return load_instance(EXAMPLE)


@pytest.fixture(scope="module")
def plan(instance):
    return solve(instance)


def test_the_plan_is_proven_optimal_and_fits_8_days(instance, plan):
    assert plan.feasible and plan.proven_optimal and plan.lower_bound == plan.cost
    team = plan.teams[0]
    assert team.days_used == 8 and team.order[0] == "sbeitla" and team.order[-1] == "sakiet-eddaier"
    check_plan(instance, plan)


def test_kerkennah_is_reached_only_by_the_ferry(plan):
    days = plan.teams[0].days
    kerkennah = next(d for d in days if "kerkennah" in d.sessions)
    ferries = [e for d in days for e in d.events if e.kind == "ferry"]
    assert len(ferries) == 2 and any(e.kind == "ferry" for e in kerkennah.events)
    departures = {e.start % 1440 for e in ferries}
    assert departures <= {255, 750, 870, 1200, 360, 960, 1305}


def test_the_announced_order_costs_more_and_is_explained(instance, plan):
    announced = json.loads(EXAMPLE.read_text(encoding="utf-8"))["announced_order"]
    given = evaluate(instance, announced)
    assert given.cost > plan.cost
    assert not given.feasible
    fixes = given.problems[0].fixes
    assert fixes["days"] == 9 and "needs 9 days" in given.problems[0].message


def test_a_tighter_cap_is_explained_with_the_smallest_fix(instance):
    from dataclasses import replace

    tight = replace(instance, rules=replace(instance.rules, max_drive=120))
    order = list(solve(instance).teams[0].order)
    result = evaluate(tight, order)
    assert not result.feasible
    fix = result.problems[0].fixes
    assert fix.get("max_drive", 0) > 120 or fix.get("days", 0) > 8
    if "max_drive" in fix:
        assert evaluate(replace(instance, rules=replace(instance.rules, max_drive=fix["max_drive"])), order).feasible
        assert not evaluate(replace(instance, rules=replace(instance.rules, max_drive=fix["max_drive"] - 1)),
                            order).feasible


def test_cli_plan_and_cost(capsys):
    assert main(["plan", str(EXAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["proven_optimal"] and len(out["teams"][0]["order"]) == 20
    assert main(["cost", str(EXAMPLE)]) == 1
    assert "needs 9 days" in capsys.readouterr().out
    order = ",".join(out["teams"][0]["order"])
    assert main(["cost", str(EXAMPLE), "--order", order]) == 0
    assert main(["cost", str(EXAMPLE), "--order", "sbeitla,carthage"]) == 2
    assert "carthage" in capsys.readouterr().err


def test_an_impossible_pinned_day_is_named(instance):
    from dataclasses import replace
    from datetime import date

    from madina.tour.solve import Options

    stops = tuple(replace(s, day=date(2020, 3, 9)) if s.id == "tataouine" else s for s in instance.stops)
    plan = solve(replace(instance, stops=stops), Options(seconds=2, enumerate_seconds=0.3))
    assert not plan.feasible
    assert any(p.constraint == "day" and p.stop == "tataouine" for p in plan.problems)
