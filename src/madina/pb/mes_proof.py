"""The proof that lets MES + Add1 skip steps: every budget is an affine function `a + g*b` of the per-voter
budget `b`, so each comparison an exact count makes at `b0` holds up to some `b`; the smallest such `b` is the
last budget certain to give the same outcome (see the docstring of `madina.pb.mes`)."""

from __future__ import annotations

from madina.pb.exact import Q


class Limit:
    """The supremum of the per-voter budgets b >= b0 for which every recorded comparison still holds."""

    def __init__(self, b0):
        self.b0 = b0
        self.value = None  # None: no limit
        self.active = True

    def require(self, c0, c1, strict: bool) -> None:
        """Record that c0 + c1*b <= 0 (or < 0) must keep holding; it holds at b0."""
        if not self.active or c1 <= 0:
            return
        root = -Q(c0) / c1
        if self.value is None or root < self.value:
            self.value = root
        if self.value <= self.b0 + 1:  # the next step has to be counted anyway: stop proving
            self.active = False

    def clamp(self) -> None:
        self.value = self.b0
        self.active = False


def structure(limit: Limit, rho_affine, poor, rich, ca, cg) -> None:
    r0, r1 = rho_affine
    for _, _, c, u, _ in poor:  # beta(b) <= rho(b) * u
        limit.require(ca[c] - r0 * u, cg[c] - r1 * u, strict=False)
        if not limit.active:
            return
    for _, _, c, u, _ in rich:  # rho(b) * u <= beta(b)
        limit.require(r0 * u - ca[c], r1 * u - cg[c], strict=False)
        if not limit.active:
            return


def totals(entries: list, ca, cg):
    ta = tg = 0
    for c, _, w in entries:
        ta += w * ca[c]
        tg += w * cg[c]
    return ta, tg


def not_chosen(limit, rho, rho_affine, entries, cost, initial, b0, ca, cg, cb) -> None:
    """Record why a project loses to the winner for budgets just above b0: the winner stays cheaper than
    this project's lowest possible price, or at the winner's price its supporters could not pay for it
    (`entries()` gives the project's entries, read only then)."""
    r0, r1 = rho_affine
    if rho < initial:
        root = None if r1 <= 0 else (initial - r0) / r1
        if root is None or root > b0 + 1:
            if root is not None and (limit.value is None or root < limit.value):
                limit.value = root
            return
    h0 = -cost
    h1 = 0
    hv = -cost
    rich_sat = 0  # the others pay rho * satisfaction: summed once
    for c, u, w in entries():
        beta = cb[c]
        if beta <= rho * u:
            h0 += w * ca[c]
            h1 += w * cg[c]
            hv += w * beta
        else:
            rich_sat += w * u
    h0 += r0 * rich_sat
    h1 += r1 * rich_sat
    hv += rho * rich_sat
    if hv >= 0:
        limit.clamp()
        return
    limit.require(h0, h1, strict=True)
