"""Plain MES with cardinal satisfaction (points), certified (madina.pb.cardinal_count) against the exact count:
same projects, order and ties, or an honest "not proven"; and `mes` gives the exact outcome and explanations."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import equal_shares, pabulib
from madina.pb import mes as mes_module
from madina.pb.exact import Q
from madina.pb.mes import _prepare, _run, mes
from madina.pb.model import Ballot, Election, Project
from madina.pb.ties import tie_key

from .conftest import FILES, vote_type


@pytest.fixture(autouse=True, scope="module")
def _without_the_c_counts():
    """The counts tested here run where no C compiler built `equal_shares`' at installation: as if it had not."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(equal_shares, "_equal_shares", None)
        yield


POINTS = [p for p in FILES if vote_type(p) in ("cumulative", "scoring")]


def _agree(election, tie_break, steps, blur=0) -> int:
    prep = _prepare(election, "cardinal")
    key = tie_key(election, tie_break)
    fast = mes_module._search(prep, election.budget, "cardinal", key, numba=False)
    if fast is None:
        assert not prep.candidates
        return 0
    proven = 0
    for step in steps:
        found = fast.count(step, blur)
        if found is not None:
            selected, _, ties, leftovers, _ = _run(prep, Q(election.budget) / prep.n + step, key, prove=False,
                                                   explain=False)
            assert found == (selected, ties), (step, tie_break, blur)
            exact = leftovers()
            for pid, (low, high, unit) in fast.leftovers(list(exact)).items():  # the brackets hold the money left
                assert Q(low, unit) <= exact[pid] <= Q(high, unit), pid
            proven += 1
    return proven


@pytest.mark.parametrize("path", POINTS, ids=lambda p: p.stem)
def test_certified_cardinal_counts_equal_exact_counts(path):
    election = pabulib.read(path)
    assert _agree(election, "lexico", (0, 3, 50)) + _agree(election, "lowest-cost", (0,)) >= 3


@st.composite
def elections(draw):
    """Small cumulative elections with many exact ties: few distinct costs and points, repeated ballots."""
    ids = [str(i) for i in draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))]
    projects = tuple(Project(pid, draw(st.sampled_from([1, 2, 3, 5, 8, 12]))) for pid in ids)
    budget = draw(st.integers(1, sum(p.cost for p in projects) + 5))
    ballots = []
    for i in range(draw(st.integers(1, 10))):
        listed = tuple(draw(st.lists(st.sampled_from(ids), unique=True)))
        points = tuple(draw(st.sampled_from([1, 1, 2, 3])) for _ in listed)
        ballots.append(Ballot(f"v{i}", listed, points))
    return Election({"budget": str(budget), "vote_type": "cumulative"}, projects, tuple(ballots))


@settings(max_examples=200, deadline=None)
@given(elections(), st.sampled_from(["lexico", "lowest-cost"]), st.integers(0, 6), st.sampled_from([0, 2, 10, 10**6]))
def test_random_cardinal_counts_equal_exact_counts_or_are_unproven(election, tie_break, step, blur):
    _agree(election, tie_break, (step,), blur)


def test_blurred_budgets_leave_close_decisions_unproven():
    election = pabulib.read(POINTS[0])
    prep = _prepare(election, "cardinal")
    fast = mes_module._search(prep, election.budget, "cardinal", tie_key(election, "lexico"), numba=False)
    assert fast.count(0, 2) is None
    assert fast.count(0) is not None


@pytest.mark.parametrize("path", POINTS, ids=lambda p: p.stem)
def test_plain_mes_with_points_gives_the_exact_outcome_ties_and_explanations(path, monkeypatch):
    election = pabulib.read(path)
    for tie_break, explain in (("lexico", True), ("lowest-cost", False)):
        fast = mes(election, utility="cardinal", tie_break=tie_break, explain=explain).as_dict()
        with monkeypatch.context() as patched:
            patched.setattr(mes_module, "_search", lambda *args, **kwargs: None)
            assert mes(election, utility="cardinal", tie_break=tie_break, explain=explain).as_dict() == fast


def test_points_that_are_not_whole_are_left_to_the_exact_count():
    projects = (Project("a", 2), Project("b", 3))
    ballots = (Ballot("1", ("a", "b"), (Fraction(1, 2), 1)), Ballot("2", ("b",), (2,)))
    election = Election({"budget": "4", "vote_type": "cumulative"}, projects, ballots)
    prep = _prepare(election, "cardinal")
    assert mes_module._search(prep, 4, "cardinal", tie_key(election, "lexico"), numba=False) is None
    assert mes(election, utility="cardinal").selected
