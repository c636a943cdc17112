"""What every MES count shares, kept free of numpy and gmpy2: the money unit of the integer counts, the outcome
with its reasons, and plain MES counted by the compiled count `_equal_shares` when it was built.

`madina pb tally --rule mes` counts once in a new process: loading numpy and gmpy2 (about 0.1 s) would cost
more than the whole count, so `quick` answers without them when it can prove every decision and show every
leftover to the cent, and `mes.mes` (exact, with numpy) is asked otherwise. Both give the same outcome.
"""

from __future__ import annotations

from fractions import Fraction
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


def shown(amount) -> str:
    """Money as the reasons show it. Monotone in `amount`: equal for two bounds, it is that of all between."""
    return f"{float(amount):.2f}"


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


def quick(election: Election, utility: str, tie_break: str) -> Outcome | None:
    """Plain MES without rounds (their prices need the exact count), or None when the compiled count is not built,
    does not apply (costs, a budget or points that are not whole) or cannot prove a decision or a leftover shown
    to the cent."""
    budget = election.budget
    if _equal_shares is None or not hasattr(_equal_shares, "count") or not isinstance(budget, int):
        return None
    key = tie_key(election, tie_break)
    costs = {pid: project.cost for pid, project in election.project_by_id.items()}
    if utility == "cardinal":
        groups = election.voter_groups("cardinal")
        named = {pid for _, sats in groups for pid in sats}
        supported = [pid for pid in costs if pid in named]
    else:
        supporters = election.supporters
        supported = [pid for pid in costs if supporters[pid] and (utility == "approval" or costs[pid] > 0)]
    candidates = [pid for pid in supported if costs[pid] > 0]
    if not candidates or not all(isinstance(costs[pid], int) for pid in candidates):
        return None
    money = units(budget, len(election.ballots))
    if money is None:
        return None
    unit, start = money
    index = {pid: j for j, pid in enumerate(candidates)}
    rank = [0] * len(candidates)
    for place, j in enumerate(sorted(range(len(candidates)), key=lambda j: key(candidates[j]))):
        rank[j] = place
    cost = [costs[pid] * unit if costs[pid] <= budget else -1 for pid in candidates]
    if utility == "cardinal":
        if not all(isinstance(u, int) for _, sats in groups for u in sats.values()):
            return None
        try:
            found = _equal_shares.count_cardinal(groups, index, cost, rank, start)
        except OverflowError:  # points whose total reaches 2^62: the exact count takes them
            return None
    else:
        found = _uniform(election, utility, candidates, costs, index, cost, rank, start)
    if found is None:
        return None
    winners, flat, low, high = found
    bought = set(winners)
    leftovers = {}
    for j, pid in enumerate(candidates):
        if j not in bought:
            if shown(low[j] / unit) != shown(high[j] / unit):  # the exact amount, between, could show otherwise
                return None
            leftovers[pid] = low[j] / unit
    ties, at = [], 0
    while at < len(flat):
        round_, size = flat[at], flat[at + 1]
        members = flat[at + 2:at + 2 + size]
        ties.append(Tie(f"round {round_ + 1}", tuple(candidates[j] for j in sorted(members, key=rank.__getitem__)),
                        candidates[members[0]], tie_break))
        at += 2 + size
    free = sorted((pid for pid in supported if costs[pid] == 0), key=key)
    selected = free + [candidates[j] for j in winners]
    return outcome(election, utility, tie_break, "none", selected, ties, [], leftovers, set(supported),
                   Fraction(budget, len(election.ballots)))


def _uniform(election: Election, utility: str, candidates: list[str], costs: dict, index: dict, cost: list,
             rank: list, start: int):
    """The compiled count with one satisfaction per project (its cost, or 1), or None."""
    supporters = election.supporters
    sat = [costs[pid] if utility == "cost" else 1 for pid in candidates]
    counted = [supporters[pid] for pid in candidates]
    # the price per unit of satisfaction when nobody is too poor, as a reduced fraction (money units cancel)
    divisors = [gcd(costs[pid], counted[j] * sat[j]) for j, pid in enumerate(candidates)]
    num = [costs[pid] // d for pid, d in zip(candidates, divisors, strict=True)]
    den = [counted[j] * sat[j] // d for j, d in enumerate(divisors)]
    if max(max(num), max(den), max(sat)) >= LIMIT:
        return None
    return _equal_shares.count(election.listed, index, cost, sat, counted, num, den, rank, start)
