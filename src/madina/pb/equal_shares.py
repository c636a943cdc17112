"""What every MES count shares, kept free of numpy and gmpy2: the money unit of the integer counts, the outcome
with its reasons, and the Python side of the certified counts compiled in C at installation (`_equal_shares`,
decision 0008): `Compiled` for one count or Add1's hundred, `quick` for plain MES in a new process.

`madina pb tally --rule mes` counts once in a new process: loading numpy and gmpy2 (about 0.1 s) would cost
more than the whole count, so `quick` answers without them when it can prove every decision and show every
leftover to the cent, and `mes.mes` (exact, with numpy) is asked otherwise. Both give the same outcome.
"""

from __future__ import annotations

from math import gcd

from madina.pb.exact import format_number
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Tie
from madina.pb.ties import tie_key

try:
    from madina.pb import _equal_shares
except ImportError:  # pragma: no cover - built where a C compiler was found at installation (setup.py)
    _equal_shares = None

LIMIT = 1 << 62  # every sum of budgets, in units, stays below this, so no int64 overflows


def units(total, voters: int) -> tuple[int, int] | None:
    """(units per currency unit, each voter's budget in units) for `total` money shared by `voters`: the finest
    unit that keeps every sum of budgets under LIMIT, and a whole number of units per voter. None when there
    is no money or too much to count in 64 bits."""
    if total <= 0 or voters * total > LIMIT:
        return None
    bits = (LIMIT // (voters * total)).bit_length() - 1
    return voters << bits, total << bits


def ranks(candidates: list[str], key) -> list[int]:
    """Each candidate's place in the tie-break order (`key`), as every certified count takes it."""
    rank = [0] * len(candidates)
    for place, j in enumerate(sorted(range(len(candidates)), key=lambda j: key(candidates[j]))):
        rank[j] = place
    return rank


def unflatten_ties(flat: list[int], candidates: list[str], rank: list[int]) -> list[Tie]:
    """The ties a certified count wrote flat (round, size, the winner then the others tied with it, ...), with the
    projects tied in tie-break order."""
    ties, at = [], 0
    while at < len(flat):
        round_, size = flat[at], flat[at + 1]
        members = flat[at + 2:at + 2 + size]
        tied = tuple(candidates[j] for j in sorted(members, key=rank.__getitem__))
        ties.append(Tie(f"round {round_ + 1}", tied, candidates[members[0]], ""))
        at += 2 + size
    return ties


def shown(amount) -> str:
    """Money as the reasons show it. Monotone in `amount`: equal for two bounds, it is that of all between."""
    return f"{float(amount):.2f}"


def settled(search, projects: list[str]) -> dict[str, float] | None:
    """What the supporters of each of `projects` had left after `search`'s last proven count, as the reasons show
    it, when the count's brackets settle every amount to the cent (showing is monotone: both ends shown alike,
    every amount between is shown so); None when one could be shown otherwise."""
    found = {}
    for pid, (low, high, unit) in search.leftovers(projects).items():
        if shown(low / unit) != shown(high / unit):
            return None
        found[pid] = low / unit
    return found


def outcome(election: Election, utility: str, tie_break: str, completion: str, selected: list[str], ties: list,
            rounds: list, leftovers: dict, supported, budget_per_voter, runs: int = 0, exact_runs: int = 0) -> Outcome:
    """The Outcome of an MES count: `selected` in order (free projects first), why each other project was not
    chosen (`leftovers`: what its supporters had left; `supported`: projects someone gets satisfaction from)."""
    ties = [Tie(t.step, t.candidates, t.chosen, tie_break) for t in ties]
    by_id = election.project_by_id
    reasons = {}
    for pid in by_id:
        if pid in selected:
            continue
        if pid not in supported:
            reasons[pid] = "no supporter"
        else:
            reasons[pid] = (f"its supporters had {shown(leftovers.get(pid, 0))} left, "
                            f"it costs {format_number(by_id[pid].cost)}")
    rule = "mes" if completion == "none" else f"mes+{completion}"
    cost = sum(by_id[p].cost for p in selected)
    details = {"utility": utility, "tie_break": tie_break, "completion": completion,
               "budget_per_voter": float(budget_per_voter), "budget_per_voter_exact": str(budget_per_voter),
               "voters": len(election.ballots), "runs": runs, "exact_runs": exact_runs}
    return Outcome(rule, selected, cost, election.budget, ties, rounds, reasons, details)


class Compiled:
    """An election's voter groups prepared for the compiled counts, ready for counts at any per-voter budget: the
    Add1 completion asks for a hundred. It answers as `integer_count.Search` does (`count`, `left`,
    `leftovers`), so `mes` uses either."""

    def __init__(self, groups, candidates: list[str], costs: dict, budget: int, voters: int, utility: str, key):
        self.candidates = candidates
        self.index = {pid: j for j, pid in enumerate(candidates)}
        self.costs = [costs[pid] for pid in candidates]
        self.budget, self.voters, self.points = budget, voters, utility == "cardinal"
        self.groups, supporters = _equal_shares.prepare(groups, self.index, self.points)
        self.rank = ranks(candidates, key)
        # one satisfaction per project: the price per unit of satisfaction when nobody is too poor, a reduced
        # fraction (money units cancel)
        self.sat = [cost if utility == "cost" else 1 for cost in self.costs]
        divisors = [gcd(cost, counted * sat) for cost, counted, sat in zip(self.costs, supporters, self.sat,
                                                                           strict=True)]
        self.num = [cost // d for cost, d in zip(self.costs, divisors, strict=True)]
        self.den = [counted * sat // d for counted, sat, d in zip(supporters, self.sat, divisors, strict=True)]
        self.left: tuple | None = None  # after a proven count: what each candidate's supporters have left

    def count(self, step: int) -> tuple[list[str], list[Tie]] | None:
        """The projects MES buys with a per-voter budget of budget / voters + step, in order, and the ties it
        broke, or None when a decision could not be proven."""
        total = self.budget + step * self.voters
        money = units(total, self.voters)
        if money is None:  # no money: the exact count says what that buys
            return None
        unit, start = money
        cost = [c * unit if c <= total else -1 for c in self.costs]
        if self.points:
            found = _equal_shares.count_cardinal(self.groups, cost, self.rank, start)
        else:
            found = _equal_shares.count(self.groups, cost, self.sat, self.num, self.den, self.rank, start)
        if found is None:
            return None
        winners, flat, low, high = found
        self.left = (low, high, unit)
        return [self.candidates[j] for j in winners], unflatten_ties(flat, self.candidates, self.rank)

    def leftovers(self, projects: list[str]) -> dict[str, tuple]:
        """What the supporters of each of `projects` had left after the last proven count, as exact bounds (low,
        high, unit): the exact amount, in the currency, is between low / unit and high / unit."""
        low, high, unit = self.left
        return {pid: (low[self.index[pid]], high[self.index[pid]], unit) for pid in projects}


def compiled_counts():
    """The C counts' module, or None where no C compiler built it at installation (or without 128-bit integers)."""
    return _equal_shares if hasattr(_equal_shares, "prepare") else None


def compiled(groups, candidates: list[str], costs: dict, budget, voters: int, utility: str, key) -> Compiled | None:
    """The compiled counts of an election (`groups`: {tuple of project ids: voters}, or [(voters, {project id:
    satisfaction})]), or None when they are not built or do not apply: costs, a budget or points that are not
    whole, or numbers too large for 64 bits."""
    if compiled_counts() is None or not isinstance(budget, int):
        return None
    if not candidates or not all(isinstance(costs[pid], int) for pid in candidates):
        return None
    if utility == "cardinal" and not all(isinstance(u, int) for _, sats in groups for u in sats.values()):
        return None
    try:
        found = Compiled(groups, candidates, costs, budget, voters, utility, key)
    except OverflowError:  # points or voters whose sums reach 2^62: the exact count takes them
        return None
    if max(*found.num, *found.den, *found.sat) >= LIMIT:
        return None
    return found


def quick(election: Election, utility: str, tie_break: str) -> Outcome | None:
    """Plain MES without rounds (their prices need the exact count), or None when the compiled counts are not
    built or do not apply, or cannot prove a decision or a leftover shown to the cent."""
    key = tie_key(election, tie_break)
    costs = {pid: project.cost for pid, project in election.project_by_id.items()}
    # what mes_groups.prepare calls supported: candidates (cost > 0) and free projects (cost 0); with cost
    # satisfaction a free project gives none
    if utility == "cardinal":
        groups = election.voter_groups("cardinal")
        named = {pid for _, sats in groups for pid in sats}
        supported = [pid for pid in costs if pid in named and costs[pid] >= 0]
    else:
        groups, supporters = election.listed, election.supporters
        supported = [pid for pid in costs
                     if supporters[pid] and (costs[pid] > 0 if utility == "cost" else costs[pid] >= 0)]
    candidates = [pid for pid in supported if costs[pid] > 0]
    voters = len(election.ballots)
    search = compiled(groups, candidates, costs, election.budget, voters, utility, key)
    found = search.count(0) if search else None
    if found is None:
        return None
    winners, ties = found
    bought = set(winners)
    leftovers = settled(search, [p for p in candidates if p not in bought])
    if leftovers is None:
        return None
    # imported here: `madina pb` imports this module at its start, and greedy needs no fractions
    from fractions import Fraction

    free = sorted((pid for pid in supported if costs[pid] == 0), key=key)
    return outcome(election, utility, tie_break, "none", free + winners, ties, [], leftovers, set(supported),
                   Fraction(election.budget, voters))
