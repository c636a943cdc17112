"""`madina tour plan FILE.json [--json]` and `madina tour cost FILE.json --order id,id,...`."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from madina.tour.io import InstanceError, load_instance, parse_instance, read_json
from madina.tour.report import plan_dict, plan_text
from madina.tour.solve import Options, evaluate, evaluate_teams, solve
from madina.tour.travel import TravelError


class Progress:
    """Shows what the solver is doing on stderr once a solve has run for a second, and only on a terminal."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.message = "planning"
        self.began = time.perf_counter()
        self.done = threading.Event()
        self.shown = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        if self.stream.isatty():
            self.thread.start()
        return self

    def update(self, message: str) -> None:
        self.message = message

    def _run(self):
        while not self.done.wait(0.25):
            if time.perf_counter() - self.began >= 1:
                self.shown = True
                self.stream.write(f"\r\033[K{time.perf_counter() - self.began:5.1f} s  {self.message}")
                self.stream.flush()

    def __exit__(self, *exc):
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _names(instance) -> dict[str, str]:
    return {stop.id: stop.name for stop in instance.stops}


def _plan(args) -> int:
    instance = load_instance(args.file)
    with Progress() as progress:
        plan = solve(instance, Options(seconds=args.seconds, progress=progress.update))
    _show(plan, instance, args.json)
    return 0 if plan.feasible else 1


def _cost(args) -> int:
    data = read_json(args.file)
    instance = parse_instance(data)
    if args.order:
        plan = evaluate(instance, [s.strip() for s in args.order.split(",") if s.strip()], args.team)
    elif isinstance(order := announced_order(data), dict):
        plan = evaluate(instance, order.get(args.team, []), args.team) if args.team else evaluate_teams(instance, order)
    else:
        plan = evaluate(instance, order, args.team)
    _show(plan, instance, args.json)
    return 0 if plan.feasible else 1


def announced_order(data) -> list[str] | dict[str, list[str]]:
    """The order announced in the file ("announced_order": one order, or each team's), used by `cost` when
    --order is not given."""
    order = data.get("announced_order") if isinstance(data, dict) else None
    if not order:
        raise InstanceError("announced_order", "missing; give --order id,id,... or an announced_order in the file")
    lists = order.values() if isinstance(order, dict) else [order]
    if not all(isinstance(ids, list) and all(isinstance(s, str) for s in ids) for ids in lists):
        raise InstanceError("announced_order", "expected a list of stop ids, or an object: team id -> list of stop ids")
    return order


def _show(plan, instance, as_json: bool) -> None:
    if as_json:
        print(json.dumps(plan_dict(plan), ensure_ascii=False, indent=2))
    else:
        print(plan_text(plan, _names(instance)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="madina tour", description="Plan caravan tours (docs/tour-format.md).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    p = sub.add_parser("plan", help="plan the tour of an instance file")
    p.add_argument("file", help="instance (JSON, docs/tour-format.md)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--seconds", type=float, default=25.0, help="time allowed for the search (default 25)")
    p.set_defaults(func=_plan)
    p = sub.add_parser("cost", help="evaluate a given order (e.g. the one announced)")
    p.add_argument("file", help="instance (JSON, docs/tour-format.md)")
    p.add_argument("--order", help="stop ids separated by commas (default: the file's announced_order)")
    p.add_argument("--team", help="the team that follows the order (default: the first; with an announced order per "
                   "team, every team, or this team's alone)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=_cost)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InstanceError as exc:
        print(f"madina tour: {args.file}: {exc}", file=sys.stderr)
        return 2
    except (OSError, TravelError, ValueError) as exc:
        print(f"madina tour: {exc}", file=sys.stderr)
        return 2
