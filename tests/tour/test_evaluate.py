"""Every team's given order evaluated at once: each team's days used and spare days, what keeps each from
fitting, the stops no order visits, and the cost recomputed from the orders."""

from __future__ import annotations

import json

import pytest

from madina.tour.cli import main
from madina.tour.io import parse_instance
from madina.tour.solve import evaluate_teams
from tests.tour.checks import matrix_cost
from tests.tour.national import raw_instance


def _raw():
    raw = raw_instance(8, 2, 2, 90, 300, seed=21)
    raw["teams"][1]["to"] = raw["teams"][1]["from"]  # the second team has one day
    return raw


def test_each_team_is_evaluated_on_its_own_order():
    raw = _raw()
    ids = [stop["id"] for stop in raw["stops"]]
    instance = parse_instance(raw)
    plan = evaluate_teams(instance, {"t1": ids[:4], "t2": ids[4:6]})
    first, second = plan.teams
    assert (first.team, first.order, second.team, second.order) == ("t1", tuple(ids[:4]), "t2", tuple(ids[4:6]))
    assert first.feasible and second.feasible and first.slack == 2 - first.days_used
    assert plan.cost == matrix_cost(instance, plan)
    assert not plan.feasible and [(p.constraint, p.team) for p in plan.problems] == [("order", None)]
    assert ", ".join(ids[6:]) in plan.problems[0].message

    crowded = evaluate_teams(instance, {"t2": ids})  # eight sessions on one day: only that team breaks a rule
    assert [t.feasible for t in crowded.teams] == [True, False] and crowded.teams[0].order == ()
    assert {p.team for p in crowded.problems} == {"t2"}


def test_a_wrong_team_or_stop_is_refused():
    instance = parse_instance(_raw())
    for orders in ({"t9": ["s"]}, {"t1": ["nowhere"]}, {"t1": [instance.stops[0].id], "t2": [instance.stops[0].id]}):
        with pytest.raises(ValueError):
            evaluate_teams(instance, orders)


def test_the_command_line_evaluates_each_teams_announced_order(tmp_path, capsys):
    raw = _raw()
    ids = [stop["id"] for stop in raw["stops"]]
    raw["announced_order"] = {"t1": ids[:5], "t2": ids[5:]}
    path = tmp_path / "teams.json"
    path.write_text(json.dumps(raw))
    assert main(["cost", str(path), "--json"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert [(t["team"], t["order"]) for t in out["teams"]] == [("t1", ids[:5]), ("t2", ids[5:])]
    raw["announced_order"] = {"t1": "s1,s2"}
    path.write_text(json.dumps(raw))
    assert main(["cost", str(path)]) == 2


def test_the_command_line_evaluates_one_teams_announced_order_when_asked(tmp_path, capsys):
    raw = _raw()
    ids = [stop["id"] for stop in raw["stops"]]
    raw["announced_order"] = {"t1": ids[:5], "t2": ids[5:]}
    path = tmp_path / "teams.json"
    path.write_text(json.dumps(raw))
    main(["cost", str(path), "--team", "t2", "--json"])
    assert [(t["team"], t["order"]) for t in json.loads(capsys.readouterr().out)["teams"]] == [("t2", ids[5:])]
