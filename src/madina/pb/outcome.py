"""What a count returns: the projects chosen in order, the ties that decided something, and why each project
was or was not chosen, as plain data a results page or `--json` can show."""

from __future__ import annotations

from dataclasses import dataclass, field

from madina.pb.exact import to_float


@dataclass(frozen=True)
class Tie:
    """Projects that were equally good at a decision; `chosen` won by the tie-break."""

    step: str
    candidates: tuple[str, ...]
    chosen: str
    tie_break: str

    def as_dict(self) -> dict:
        return {"step": self.step, "candidates": list(self.candidates), "chosen": self.chosen,
                "tie_break": self.tie_break}


@dataclass(frozen=True)
class Round:
    """One MES round: the project bought, what it cost each supporter who could pay in full (`price`), the
    money per unit of satisfaction (`rho`) and its effective vote count (how many full-paying supporters it
    is worth: cost / price)."""

    project: str
    rho: object
    price: object
    effective_votes: object
    supporters: int
    paying_everything: int

    def as_dict(self) -> dict:
        return {"project": self.project, "rho": to_float(self.rho), "price_per_supporter": to_float(self.price),
                "effective_votes": to_float(self.effective_votes), "supporters": self.supporters,
                "supporters_paying_all_they_had": self.paying_everything}


@dataclass
class Outcome:
    rule: str
    selected: list[str]
    cost: object
    budget: object
    ties: list[Tie] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # project id -> why it was not chosen
    details: dict = field(default_factory=dict)  # rule-specific facts (budget per voter, runs, ...)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "cost": to_float(self.cost),
            "cost_exact": str(self.cost),
            "budget": to_float(self.budget),
            "ties": [t.as_dict() for t in self.ties],
            "rounds": [r.as_dict() for r in self.rounds],
            "not_selected": self.reasons,
            "details": self.details,
        }
