"""The count with numpy alone (madina.pb.integer_count) against the compiled one (madina.pb.certified): the same
decisions in the same order, so the same outcome, ties, unproven steps and brackets of the budgets; and plain
MES through it gives the exact count's outcome and explanations."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import certified, equal_shares, integer_count, pabulib
from madina.pb.mes import _prepare
from madina.pb.ties import tie_key

from .conftest import FILES, vote_type
from .test_certified import elections


@pytest.fixture(autouse=True, scope="module")
def _without_the_c_counts():
    """The counts tested here run where no C compiler built `equal_shares`' at installation: as if it had not."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(equal_shares, "_equal_shares", None)
        yield


COUNTED = [p for p in FILES if vote_type(p) in ("approval", "choose-1", "cumulative")]


def _both(election, utility, tie_break):
    prep = _prepare(election, utility)
    key = tie_key(election, tie_break)
    supporting = [prep.paying[p][0] for p in prep.candidates]
    made = [module.search(supporting, prep.group_weight, prep.candidates, prep.costs, election.budget, utility, key)
            for module in (certified, integer_count)]
    assert (made[0] is None) == (made[1] is None)
    return made


def _same(election, utility, tie_break, steps, blur) -> int:
    compiled, numpy_only = _both(election, utility, tie_break)
    if compiled is None:
        return 0
    assert numpy_only.kernel is integer_count.vectorised
    proven = 0
    for step in steps:
        found = compiled.count(step, blur)
        assert numpy_only.count(step, blur) == found, (step, blur)
        if found is not None:
            proven += 1
            for mine, theirs in zip(numpy_only.left, compiled.left, strict=True):
                assert np.array_equal(mine, theirs)
    return proven


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.stem)
def test_numpy_count_makes_the_compiled_count_s_decisions(path):
    election = pabulib.read(path)
    for utility, tie_break in (("cost", "lexico"), ("approval", "lowest-cost")):
        _same(election, utility, tie_break, (0, 7), 0)
        _same(election, utility, tie_break, (0,), 1000)  # blurred: some decisions left unproven, alike


@settings(max_examples=200, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]), st.sampled_from(["lexico", "lowest-cost"]),
       st.integers(0, 6), st.sampled_from([0, 2, 10, 10**6]))
def test_random_numpy_counts_equal_compiled_counts(election, utility, tie_break, step, blur):
    _same(election, utility, tie_break, (step,), blur)


def test_blurred_counts_are_left_unproven_by_both():
    election = pabulib.read(COUNTED[0])
    compiled, numpy_only = _both(election, "cost", "lexico")
    assert compiled.count(0, 2) is None
    assert numpy_only.count(0, 2) is None
