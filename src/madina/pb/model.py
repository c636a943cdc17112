"""An election as a Pabulib file describes it: the META facts, the projects and the ballots.

Frozen dataclasses, so a count can never change the election it counts. The columns a file carries beyond the
ones a count needs (name, category, age, ...) are kept as text, so writing an election gives back the same file
content.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import mul

from madina.pb.exact import parse_number

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")
UTILITIES = ("cost", "approval", "cardinal")


@dataclass(frozen=True)
class Project:
    id: str
    cost: object  # int or exact fraction
    fields: dict[str, str] = field(default_factory=dict, compare=True)

    def _field(self, *keys: str) -> str | None:
        for key in keys:
            value = self.fields.get(key)
            if value is not None and value.strip() and value.strip().lower() != "none":
                return value.strip()
        return None

    @property
    def name(self) -> str:
        return self._field("name") or ""

    @property
    def categories(self) -> tuple[str, ...]:
        value = self._field("category", "categories")
        return tuple(v.strip() for v in value.split(",")) if value else ()

    @property
    def targets(self) -> tuple[str, ...]:
        value = self._field("target", "targets")
        return tuple(v.strip() for v in value.split(",")) if value else ()

    @property
    def published_votes(self):
        value = self._field("votes", "score")
        return parse_number(value) if value else None

    @property
    def selected(self) -> bool | None:
        """Whether the organisers funded it (the `selected` column), None when the file does not say."""
        value = self._field("selected")
        if value is None:
            return None
        return value not in ("0", "0.0")


@dataclass(frozen=True)
class Ballot:
    voter_id: str
    projects: tuple[str, ...]
    points: tuple | None = None  # one exact number per project, for cumulative and scoring votes
    fields: dict[str, str] = field(default_factory=dict)

    def utility(self, project: Project, utility: str):
        """The satisfaction this voter gets from `project`, as pabutools' Cost_Sat, Cardinality_Sat and
        Additive_Cardinal_Sat measure it (a listed project counts even with 0 points for cost/approval)."""
        if project.id not in self.projects:
            return 0
        if utility == "cost":
            return project.cost
        if utility == "approval":
            return 1
        if self.points is None:
            return 1
        return self.points[self.projects.index(project.id)]


class ReadBallots(Sequence):
    """A file's ballots, made into `Ballot` objects only when something asks for them one by one (a writer, a
    count with points). The approval counts need only how many voters cast each list of projects (`lists`),
    which the reader takes from the VOTES rows in a fraction of the time 66,000 objects take (Łódź 2024)."""

    def __init__(self, lists: Counter, size: int, make: Callable[[], tuple[Ballot, ...]],
                 supporters: dict[str, int] | None = None):
        self.lists = lists
        self.supporters = supporters  # voters who listed each project, when the reader counted them
        self._size = size
        self._make = make
        self._made: tuple[Ballot, ...] | None = None

    def _all(self) -> tuple[Ballot, ...]:
        if self._made is None:
            self._made, self._make = self._make(), None
        return self._made

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"ReadBallots({self._size} ballots)"


@dataclass(frozen=True)
class Election:
    meta: dict[str, str]
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    project_columns: tuple[str, ...] = ("project_id", "cost")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")
    warnings: tuple[str, ...] = field(default=(), compare=False)  # what the reader let pass but a person should see

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]

    @property
    def budget(self):
        return parse_number(self.meta["budget"])

    @property
    def name(self) -> str:
        return self.meta.get("description") or " ".join(
            self.meta.get(k, "") for k in ("country", "unit", "instance", "subunit") if self.meta.get(k)
        )

    @cached_property
    def project_by_id(self) -> dict[str, Project]:
        return {p.id: p for p in self.projects}

    @cached_property
    def lists(self) -> Counter | None:
        """How many voters cast each list of projects, or None when ballots carry points: all that approval
        counts need, and far fewer entries than voters."""
        found = getattr(self.ballots, "lists", None)
        if found is not None:
            return found
        if any(ballot.points is not None for ballot in self.ballots):
            return None
        return Counter(ballot.projects for ballot in self.ballots)

    @cached_property
    def listed(self) -> Counter:
        """How many voters cast each list of projects, points ignored (what cost and approval satisfaction see)."""
        lists = self.lists
        return Counter(ballot.projects for ballot in self.ballots) if lists is None else lists

    @cached_property
    def supporters(self) -> Counter:
        """How many voters listed each project (approval count; any listed project for other vote types)."""
        lists = self.lists
        counted = getattr(self.ballots, "supporters", None)
        if counted is not None:
            counts = Counter(counted)
        elif lists is None:
            counts = Counter(chain.from_iterable(frozenset(ballot.projects) for ballot in self.ballots))
        else:
            if sum(map(len, lists)) != sum(map(len, map(frozenset, lists))):  # a list naming a project twice
                once: Counter = Counter()
                for listed, weight in lists.items():
                    once[tuple(frozenset(listed))] += weight
                lists = once
            # each list's projects repeated as many times as voters cast it, counted: all in C
            counts = Counter(chain.from_iterable(map(mul, lists, lists.values())))
        for pid in self.project_by_id:
            counts.setdefault(pid, 0)
        return counts

    @cached_property
    def scores(self) -> dict[str, object]:
        """The vote count each project got: approvals, or total points for cumulative and scoring votes."""
        if self.lists is not None:
            supporters = self.supporters
            return {pid: supporters[pid] for pid in self.project_by_id}
        totals = dict.fromkeys(self.project_by_id, 0)
        for ballot in self.ballots:
            if ballot.points is None:
                for pid in set(ballot.projects):
                    totals[pid] += 1
            else:
                for pid, pts in dict(zip(ballot.projects, ballot.points, strict=True)).items():
                    totals[pid] += pts
        return totals

    def approval_groups(self) -> list[tuple[int, tuple[str, ...]]]:
        """Voters who listed the same projects (in any order), as (how many, the projects once each, in the order
        the first of them listed them): merged on a frozenset, without sorting each list."""
        lists = self.listed
        merged: dict[frozenset, list] = {}
        for listed, weight in lists.items():
            key = frozenset(listed)
            found = merged.get(key)
            if found is None:
                merged[key] = [weight, listed]
            else:
                found[0] += weight
        return [(weight, listed if len(listed) == len(key) else tuple(dict.fromkeys(listed)))
                for key, (weight, listed) in merged.items()]

    def voter_groups(self, utility: str) -> list[tuple[int, dict[str, object]]]:
        """Voters with identical satisfactions, as (how many, {project id: positive satisfaction}).

        Counting groups instead of voters is what makes the rules fast; empty ballots form a group too (they
        still get their share of the budget in the Method of Equal Shares).
        """
        if utility == "cardinal" and self.lists is None:
            counts: Counter = Counter()
            for ballot in self.ballots:
                if ballot.points is None:
                    counts[tuple(sorted(set(ballot.projects)))] += 1
                else:  # a project listed twice keeps its last points, as pabutools reads it
                    counts[tuple(sorted(dict(zip(ballot.projects, ballot.points, strict=True)).items()))] += 1
            keyed = [(weight, key) for key, weight in counts.items()]
        else:
            keyed = self.approval_groups()
        costs = {p.id: p.cost for p in self.projects}
        free = any(cost <= 0 for cost in costs.values())
        groups = []
        for weight, key in keyed:
            if utility == "cardinal" and key and isinstance(key[0], tuple):
                sats = {pid: pts for pid, pts in key if pts > 0}
            elif utility == "cost":
                sats = dict(zip(key, map(costs.__getitem__, key), strict=True))
                if free:
                    sats = {pid: cost for pid, cost in sats.items() if cost > 0}
            else:
                sats = dict.fromkeys(key, 1)
            groups.append((weight, sats))
        return groups
