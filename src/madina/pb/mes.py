"""The Method of Equal Shares (equalshares.net), exact and fast, with the outcome of pabutools 1.2.3's
`method_of_equal_shares` (ties included), and its completions.

Speed comes from four facts:

1. Voters with identical ballots behave identically: they are counted once, with a weight.
2. Voters whose budgets are equal stay interchangeable, so each project keeps its supporters as
   {(budget, satisfaction): weight}: computing a price only looks at a few budget levels, not at voters.
3. The Add1 completion's many counts are certified (64-bit integers, every decision proven: `equal_shares`' C
   counts, else numba's `certified`); a step they cannot prove, and the kept one when need be, are counted here.
4. When Add1 keeps finding the same outcome, every budget is an affine function `a + g*b` of the initial
   per-voter budget `b`: one exact run at `b0` also proves up to which `b` every comparison it made would
   come out the same, and so the same outcome; pabutools' steps of 1 inside that range are skipped because
   they are certain to give that outcome again. The proof is conservative: when in doubt the next step is
   simply counted.
"""

from __future__ import annotations

import sys
from functools import partial
from operator import itemgetter

import numpy as np

from madina.pb.equal_shares import compiled as _compiled
from madina.pb.equal_shares import outcome as _outcome
from madina.pb.equal_shares import settled as _settled
from madina.pb.exact import Q, ceil
from madina.pb.greedy import compare_with_greedy, complete_with_greedy
from madina.pb.mes_groups import Prepared as _Prepared
from madina.pb.mes_groups import move as _move
from madina.pb.mes_groups import prepare as _prepare
from madina.pb.mes_proof import Limit as _Limit
from madina.pb.mes_proof import not_chosen as _not_chosen
from madina.pb.mes_proof import structure as _structure
from madina.pb.mes_proof import totals as _totals
from madina.pb.model import Election
from madina.pb.outcome import Outcome, Round, Tie
from madina.pb.rules import COMPLETIONS
from madina.pb.ties import tie_key


def _rho(entries: list, cost, cb, uniform: bool, ca, cg):
    """The price per unit of satisfaction that makes `cost` affordable, as pabutools computes it (supporters
    sorted by budget / satisfaction, those who cannot pay their share pay everything).

    `entries` lists (budget class, satisfaction, number of voters); class c has budget ca[c] + cg[c]*b,
    worth cb[c] at the counted b. Returns (rho, affine rho (r0, r1), poor items, rich items), or None when
    the supporters cannot afford it.
    """
    items = []
    available = 0
    for c, u, w in entries:
        beta = cb[c]
        available += w * beta
        items.append((beta if uniform else beta / u, beta, c, u, w))
    if available < cost:
        return None
    items.sort(key=itemgetter(0))
    denominator = sum(item[3] * item[4] for item in items)
    contribution = 0
    paid_a = paid_g = 0
    for index, (_, beta, c, u, w) in enumerate(items):
        if (cost - contribution) * u <= beta * denominator:  # factor * u <= beta, without dividing
            factor = Q(cost - contribution) / denominator
            r1 = -Q(paid_g) / denominator
            r0 = Q(cost - paid_a) / denominator
            return factor, (r0, r1), items[:index], items[index:]
        contribution += w * beta
        paid_a += w * ca[c]
        paid_g += w * cg[c]
        denominator -= w * u
    raise AssertionError("affordable project without a price")  # pragma: no cover


def _above(entries: list, cost, cb, price, uniform: bool):
    """None when the supporters could pay `cost` at `price` per unit of satisfaction (then the project's own
    price is at most `price`), else a lower bound of its price, above `price` (or `price` itself when nobody
    could pay more): a cheap test that spares the full computation for most projects.

    The bound: at any price r above `price`, those who could not pay their share at `price` still pay what
    they have, and the others at most r * satisfaction, so r >= (cost - what the first pay) / others'
    satisfaction. Prices only rise during a count, so the bound holds until its end."""
    if uniform:  # one satisfaction: the rich all pay the same share
        u = entries[0][1]
        share = price * u
        poor_paid = 0
        rich = 0
        for c, _, w in entries:
            beta = cb[c]
            if beta < share:
                poor_paid += w * beta
            else:
                rich += w
        if poor_paid + rich * share >= cost:
            return None
        return Q(cost - poor_paid) / (rich * u) if rich else price
    paid = poor_paid = rich_sat = 0
    for c, u, w in entries:
        share = price * u
        beta = cb[c]
        if beta < share:
            paid += w * beta
            poor_paid += w * beta
        else:
            paid += w * share
            rich_sat += w * u
        if paid >= cost:
            return None
    return Q(cost - poor_paid) / rich_sat if rich_sat else price


def _run(prep: _Prepared, b0, key, *, prove: bool, explain: bool, follow: list[str] | None = None):
    """One MES count with initial per-voter budget b0.

    Returns (selected, rounds, ties, leftovers, limit): `leftovers()` maps each project not bought to the money
    its supporters still had; `limit` is the supremum of budgets giving the same count (None: unbounded).

    The voters of each budget class per (project, satisfaction) column are a row of integer matrix `totals`;
    when a project is bought, the groups that pay move to new classes with a few array operations, and a
    project's (class, satisfaction, voters) entries are read from its columns only when it is priced."""
    costs = prep.costs
    columns = prep.columns
    column_project = prep.column_project
    # Budget classes: budget = ca + cg * b. Without a proof to make, b is fixed: ca is the budget, cg 0.
    ca, cg = ([Q(0)], [Q(1)]) if prove else ([Q(b0)], [Q(0)])
    cb = [Q(b0)]  # their budgets at b0
    classes = {(ca[0], cg[0]): 0}
    gcls = np.zeros(len(prep.groups), dtype=np.int64)
    totals = np.zeros((64, len(column_project)), dtype=np.int64)
    totals[0] = prep.column_voters
    cache: dict[str, list] = {}

    def entries(pid):
        found = cache.get(pid)
        if found is None:
            found = []
            live = totals[: len(ca)]
            for col, u in columns[pid]:
                column = live[:, col]
                present = column.nonzero()[0]
                found.extend(zip(present.tolist(), [u] * len(present), column[present].tolist(), strict=True))
            cache[pid] = found
        return found

    lower = dict(prep.initial)
    remaining = set(prep.candidates)
    limit = _Limit(b0)
    if not prove:
        limit.active = False
    selected: list[str] = []
    rounds: list[Round] = []
    ties: list[Tie] = []
    known: dict[str, tuple] = {}  # projects whose supporters' budgets did not change since their price was computed
    while True:
        if follow is not None:  # the winners are known (from a certified count): only their prices are needed
            if len(selected) == len(follow):
                break
            pid = follow[len(selected)]
            found = _rho(entries(pid), costs[pid], cb, prep.uniform[pid], ca, cg)
            if found is None:  # pragma: no cover - would be a bug in one of the two counts
                raise RuntimeError(f"{pid} was bought by the certified count but is unaffordable at {b0}")
            tied = [(pid, found)]
        else:
            best_rho = None
            tied: list[tuple] = []
            unaffordable = []
            for pid in sorted(remaining, key=lambda p: lower[p]):
                if best_rho is not None and lower[pid] > best_rho:
                    break
                found = known.get(pid)
                if found is None:
                    if best_rho is not None:
                        bound = _above(entries(pid), costs[pid], cb, best_rho, prep.uniform[pid])
                        if bound is not None:  # its price is higher than the best so far, now and later
                            lower[pid] = bound
                            continue
                    found = _rho(entries(pid), costs[pid], cb, prep.uniform[pid], ca, cg)
                    if found is None:
                        unaffordable.append(pid)
                        continue
                    known[pid] = found
                rho = found[0]
                lower[pid] = rho
                if best_rho is None or rho < best_rho:
                    best_rho, tied = rho, [(pid, found)]
                elif rho == best_rho:
                    tied.append((pid, found))
            for pid in unaffordable:  # budgets only fall: it stays unaffordable for the rest of this count
                remaining.discard(pid)
                if limit.active:
                    ta, tg = _totals(entries(pid), ca, cg)
                    limit.require(ta - costs[pid], tg, strict=True)
            if best_rho is None:
                break
        tied.sort(key=lambda item: key(item[0]))
        best, (rho, rho_affine, poor, rich) = tied[0]
        if len(tied) > 1:
            ties.append(Tie(f"round {len(selected) + 1}", tuple(p for p, _ in tied), best, ""))
        if limit.active:
            _structure(limit, rho_affine, poor, rich, ca, cg)
            for _, other in tied[1:]:
                _structure(limit, other[1], other[2], other[3], ca, cg)
                if other[1][1] < rho_affine[1]:  # the other project would get cheaper than the winner
                    limit.clamp()
            tied_ids = {p for p, _ in tied}
            for pid in remaining:
                if pid in tied_ids or not limit.active:
                    continue
                _not_chosen(limit, rho, rho_affine, partial(entries, pid), costs[pid], prep.initial[pid], b0, ca, cg,
                            cb)
        remaining.discard(best)
        selected.append(best)
        # Pay: the poor give everything, the rich rho * satisfaction; equal budgets share a class.
        r0, r1 = rho_affine
        moves = {}
        for _, _, c, u, _ in poor:
            moves[(c, u)] = (Q(0), Q(0))
        for _, _, c, u, _ in rich:
            moves[(c, u)] = (ca[c] - r0 * u, cg[c] - r1 * u)
        for move, budget in moves.items():
            cid = classes.get(budget)
            if cid is None:
                cid = classes[budget] = len(ca)
                ca.append(budget[0])
                cg.append(budget[1])
                cb.append(budget[0] + budget[1] * b0)
            moves[move] = cid
        if explain:
            supporters = sum(item[4] for item in poor) + sum(item[4] for item in rich)
            sats = {item[3] for item in rich}
            price = rho * next(iter(sats)) if len(sats) == 1 else rho
            rounds.append(Round(best, rho, price, Q(costs[best]) / price if price else 0, supporters,
                                sum(item[4] for item in poor)))
        known.pop(best, None)
        while len(ca) > len(totals):
            totals = np.concatenate([totals, np.zeros_like(totals)])
        _move(prep, best, moves, gcls, totals, known, cache)
    for pid in remaining:  # every project left must stay unaffordable
        if limit.active:
            ta, tg = _totals(entries(pid), ca, cg)
            limit.require(ta - costs[pid], tg, strict=True)

    def leftovers():  # what the supporters of each project not bought had left at the end
        return {pid: sum(w * cb[c] for c, _, w in entries(pid)) for pid in prep.candidates if pid not in selected}

    return selected, rounds, ties, leftovers, (limit.value if prove else b0)


def _feasible(prep: _Prepared, selected, budget) -> bool:
    return sum(prep.costs[p] for p in selected) <= budget


def _exhaustive(prep: _Prepared, selected, budget) -> bool:
    spent = sum(prep.costs[p] for p in selected)
    chosen = set(selected)
    return all(pid in chosen or spent + prep.costs[pid] > budget for pid in prep.candidates)


def mes(
    election: Election,
    *,
    utility: str = "cost",
    tie_break: str = "lexico",
    completion: str = "none",
    comparison: bool = False,
    explain: bool = True,
    progress=None,
) -> Outcome:
    """MES with `utility` satisfaction ("cost", "approval" = cardinality, "cardinal" = points).

    Completions: "add1" (pabutools' `voter_budget_increment=1`: +1 per voter until the outcome is exhaustive,
    never overspending), "add1-max" (keep adding while the outcome still fits), "add1u" (add1, then greedy
    by votes on what is left). `comparison` keeps the greedy outcome instead when more voters prefer it
    (equalshares.net). `progress(b)` is called at each counted step.
    """
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    prep = _prepare(election, utility)
    key = tie_key(election, tie_break)
    budget = election.budget
    free = sorted(prep.free, key=key)
    if prep.n == 0:
        return Outcome("mes", [], 0, budget, details={"utility": utility})
    b_start = Q(budget) / prep.n
    chosen_b = b_start
    runs = exact_runs = 0
    if completion == "none":
        selected, rounds, ties, leftovers = _plain(prep, budget, key, utility, explain)
    else:
        fast = _search(prep, budget, utility, key)
        step = 0
        kept = None  # the last outcome that fits: (selected, its ties, its exact count or None, per-voter budget)
        last, repeats = None, 0
        while True:
            b = b_start + step
            if progress:
                progress(b)
            runs += 1
            chosen, ties = (fast.count(step) if fast else None) or (None, None)
            repeats = repeats + 1 if chosen is not None and chosen == last else 0
            result = None
            # Unproven, or the same outcome 256, 512, 1024... times in a row: count exactly, which also proves up
            # to which budget the outcome stays the same, so that a long unchanged stretch is skipped (an exact
            # count costs about as much as a hundred or two certified ones).
            if chosen is None or (repeats >= 256 and repeats & (repeats - 1) == 0):
                exact_runs += 1
                result = _run(prep, b, key, prove=True, explain=explain)
                chosen = result[0]
            last = chosen
            if not _feasible(prep, free + chosen, budget):
                if kept is not None and kept[3] != b - 1:  # the steps skipped since gave the kept outcome too:
                    kept = (kept[0], kept[1], None, b - 1, None)  # pabutools keeps the count of the last one
                break
            kept = (chosen, ties if result is None else result[2], result, b, fast.left if result is None else None)
            if completion != "add1-max" and _exhaustive(prep, chosen, budget - sum(prep.costs[p] for p in free)):
                break
            if len(chosen) == len(prep.candidates):
                break
            limit = b if result is None else result[4]
            if limit is None:
                break
            step = max(step + 1, ceil(limit - b_start))
        if kept is None:
            selected, rounds, ties, leftovers = [], [], [], dict.fromkeys(prep.candidates, 0)
        else:
            chosen, ties, result, chosen_b, left = kept
            if result is None:  # a certified count: its winners' exact prices, for the rounds and explanations
                selected, rounds, leftovers = _explained(prep, chosen_b, key, explain, chosen, fast, left)
            else:
                selected, rounds, ties, leftovers, _ = result
                leftovers = leftovers()
    supported = set(prep.initial) | set(prep.free)
    outcome = _outcome(election, utility, tie_break, completion, free + list(selected), ties, rounds, leftovers,
                       supported, chosen_b, runs, exact_runs)
    if completion == "add1u":
        outcome = complete_with_greedy(election, outcome, tie_break)
    if comparison:
        outcome = compare_with_greedy(election, outcome, tie_break)
    return outcome


def _numba_loaded() -> bool:
    """Plain MES uses the compiled count once numba is loaded (the budgeting worker, `pb verify`, after an Add1
    count); in a new process, loading it (about 0.3 s) would cost more than the whole count with numpy."""
    return "numba" in sys.modules


def _search(prep: _Prepared, budget, utility: str, key, *, numba: bool = True):
    """The integer form of the count: compiled in C at installation where a compiler was found (`equal_shares`:
    it loads in a millisecond, for one count or Add1's hundred); else, with `numba`, compiled by numba (100 MB
    and 0.3 s to load, for Add1's many counts), or counted with numpy alone (for one count)."""
    found = _compiled(prep.groups, prep.candidates, prep.costs, budget, prep.n, utility, key)
    if found is not None:
        return found
    if utility == "cardinal":  # points: plain MES only, with numpy (cardinal_count). Add1 keeps the exact counts,
        if numba:  # which prove and skip unchanged stretches: Toulouse 2019 took 3.7 s so, 5.2 s step by step
            return None
        from madina.pb import cardinal_count

        sats = [np.array([u for _, u in prep.columns[p]])[prep.paying[p][1]] for p in prep.candidates]
        return cardinal_count.search([prep.paying[p][0] for p in prep.candidates], sats, prep.group_weight,
                                     prep.candidates, prep.costs, budget, key)
    if numba:
        from madina.pb import certified as module
    else:
        from madina.pb import integer_count as module
    return module.search([prep.paying[p][0] for p in prep.candidates], prep.group_weight, prep.candidates,
                         prep.costs, budget, utility, key)


def _plain(prep: _Prepared, budget, key, utility: str, explain: bool):
    """Plain MES: (selected, rounds, ties, leftovers). The certified count decides; the exact count when it
    cannot prove a decision."""
    b0 = Q(budget) / prep.n
    fast = _search(prep, budget, utility, key, numba=_numba_loaded() and utility != "cardinal")
    found = fast.count(0) if fast else None
    if found is None:
        selected, rounds, ties, leftovers, _ = _run(prep, b0, key, prove=False, explain=explain)
        return selected, rounds, ties, leftovers()
    chosen, ties = found
    selected, rounds, leftovers = _explained(prep, b0, key, explain, chosen, fast, fast.left)
    return selected, rounds, ties, leftovers


def _explained(prep: _Prepared, b0, key, explain: bool, chosen: list[str], fast, left):
    """(selected, rounds, leftovers) of a certified count's outcome. The rounds need the winners' exact prices
    (an exact count that follows the known winners); the leftovers are shown to the cent, which the certified
    count's brackets of the budgets (`left`) often settle alone: then no exact count is needed."""
    if not explain and left is not None:
        fast.left = left
        bought = set(chosen)
        leftovers = _settled(fast, [p for p in prep.candidates if p not in bought])
        if leftovers is not None:
            return list(chosen), [], leftovers
    selected, rounds, _, leftovers, _ = _run(prep, b0, key, prove=False, explain=explain, follow=chosen)
    return selected, rounds, leftovers()
