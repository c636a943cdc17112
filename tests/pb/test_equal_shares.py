"""Plain MES counted by the compiled count (`equal_shares.quick`, without numpy): the exact count's outcome, ties
and reasons, or None and the exact count decides."""

import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import equal_shares, pabulib
from madina.pb import mes as mes_module
from madina.pb.model import Ballot, Election, Project
from madina.pb.rules import count

from .conftest import FILES
from .test_cardinal_count import elections as elections_with_points
from .test_certified import elections

pytestmark = pytest.mark.skipif(getattr(equal_shares._equal_shares, "count", None) is None,
                                reason="the compiled count was not built (no C compiler at installation)")


def _exact(election, utility, tie_break):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(mes_module, "_search", lambda *args, **kwargs: None)
        return mes_module.mes(election, utility=utility, tie_break=tie_break, explain=False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_counts_as_the_exact_count_does(path):
    election = pabulib.read(path)
    for utility, tie_break in (("cost", "lexico"), ("approval", "lowest-cost"), ("cardinal", "lexico")):
        quick = equal_shares.quick(election, utility, tie_break)
        assert quick is not None, utility  # nothing on real files is left unproven
        if quick is not None:
            assert quick.as_dict() == _exact(election, utility, tie_break).as_dict(), (utility, tie_break)


@settings(max_examples=300, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]), st.sampled_from(["lexico", "lowest-cost"]))
def test_random_elections_with_many_ties_count_as_the_exact_count_does(election, utility, tie_break):
    quick = equal_shares.quick(election, utility, tie_break)
    if quick is not None:
        assert quick.as_dict() == _exact(election, utility, tie_break).as_dict()


@settings(max_examples=300, deadline=None)
@given(elections_with_points(), st.sampled_from(["cardinal", "cost", "approval"]),
       st.sampled_from(["lexico", "lowest-cost"]))
def test_random_elections_with_points_count_as_the_exact_count_does(election, utility, tie_break):
    quick = equal_shares.quick(election, utility, tie_break)
    if quick is not None:
        assert quick.as_dict() == _exact(election, utility, tie_break).as_dict()


def test_free_projects_come_first_with_approval_and_have_no_supporter_with_cost():
    projects = (Project("a", 0), Project("b", 5), Project("c", 4), Project("d", 3))
    ballots = (Ballot("v1", ("a", "b")), Ballot("v2", ("b", "c")), Ballot("v3", ("a",)), Ballot("v4", ()))
    election = Election({"budget": "8", "vote_type": "approval"}, projects, ballots)
    for utility in ("cost", "approval"):
        quick = equal_shares.quick(election, utility, "lexico")
        assert quick.as_dict() == _exact(election, utility, "lexico").as_dict()
    assert equal_shares.quick(election, "approval", "lexico").selected[0] == "a"
    assert equal_shares.quick(election, "cost", "lexico").reasons["a"] == "no supporter"


def test_a_project_with_a_negative_cost_has_no_supporter_as_in_the_exact_count():
    """Only an election built directly can hold one (the reader refuses it): the exact count leaves it out of its
    candidates and free projects alike, so it has "no supporter" with every satisfaction."""
    projects = (Project("a", -1), Project("b", 3), Project("c", 4))
    ballots = (Ballot("v1", ("a", "b"), (1, 1)), Ballot("v2", ("b", "c"), (1, 2)), Ballot("v3", ("c",), (1,)))
    election = Election({"budget": "10", "vote_type": "cumulative"}, projects, ballots)
    for utility in ("cost", "approval", "cardinal"):
        quick = equal_shares.quick(election, utility, "lexico")
        assert quick is not None and quick.reasons["a"] == "no supporter", utility
        assert quick.as_dict() == _exact(election, utility, "lexico").as_dict(), utility


def test_what_it_cannot_count_in_integers_is_left_to_the_exact_count():
    ballots = (Ballot("v1", ("a",)), Ballot("v2", ("a", "b")))
    fractional = Election({"budget": "5/2", "vote_type": "approval"}, (Project("a", 1), Project("b", 2)), ballots)
    assert equal_shares.quick(fractional, "cost", "lexico") is None
    assert count(fractional, "mes", explain=False).selected == mes_module.mes(fractional).selected
    whole = Election({"budget": "4", "vote_type": "approval"}, (Project("a", 2), Project("b", 3)), ballots)
    assert equal_shares.quick(whole, "cost", "lexico") is not None
    halves = Election({"budget": "4", "vote_type": "scoring"}, (Project("a", 2), Project("b", 3)),
                      (Ballot("v1", ("a", "b"), (Fraction(1, 2), 1)), Ballot("v2", ("b",), (2,))))
    assert equal_shares.quick(halves, "cardinal", "lexico") is None  # points that are not whole
    assert equal_shares.quick(halves, "approval", "lexico") is not None
    huge = Election({"budget": "4", "vote_type": "scoring"}, (Project("a", 2),), (Ballot("v1", ("a",), (2**62,)),))
    assert equal_shares.quick(huge, "cardinal", "lexico") is None
    assert count(huge, "mes", utility="cardinal", explain=False).selected == ["a"]
    penniless = Election({"budget": "0", "vote_type": "approval"}, (Project("a", 1),), ballots)
    assert equal_shares.quick(penniless, "cost", "lexico") is None
    nobody = Election({"budget": "4", "vote_type": "approval"}, (Project("a", 1),), (Ballot("v1", ()),))
    assert equal_shares.quick(nobody, "cost", "lexico") is None
    assert equal_shares.units(0, 3) is None and equal_shares.units(2**40, 2**30) is None
    unit, start = equal_shares.units(10, 4)
    assert unit % 4 == 0 and start * 4 == 10 * unit and 4 * start <= equal_shares.LIMIT < 8 * start


def test_unproven_or_unsettled_counts_go_to_the_exact_count(monkeypatch, data_dir):
    election = pabulib.read(data_dir / "Poland_Warszawa_2024_Wesola.pb")
    expected = _exact(election, "cost", "lexico").as_dict()
    monkeypatch.setattr(equal_shares._equal_shares, "count", lambda *args: None)  # a decision it cannot prove
    assert equal_shares.quick(election, "cost", "lexico") is None
    assert count(election, "mes", explain=False).as_dict() == expected
    monkeypatch.undo()
    monkeypatch.setattr(equal_shares, "shown", lambda amount: repr(amount))  # every bracket too wide to show
    assert equal_shares.quick(election, "cost", "lexico") is None


def test_plain_mes_in_a_new_process_loads_neither_numpy_nor_gmpy2(data_dir):
    probe = ("import sys; from madina.cli import main; main(['pb', 'tally', sys.argv[1], '--rule', 'mes', '--json']);"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'gmpy2', 'numba', 'django'}))")
    path = str(data_dir / "Poland_Warszawa_2020_Bialoleka.pb")
    result = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def _without_runs(outcome) -> dict:
    found = outcome.as_dict()
    found["details"] = {k: v for k, v in found["details"].items() if k not in ("runs", "exact_runs")}
    return found


@pytest.mark.parametrize(("stem", "utility"), [("Poland_Warszawa_2024_Wesola", "cost"), ("Netherlands_Assen_2024", "cost"),
                                               ("France_Toulouse_2019", "cardinal"), ("Poland_Swiecie_2023", "approval")])
def test_add1_through_the_compiled_counts_gives_the_exact_outcome_and_explanations(stem, utility, data_dir):
    election = pabulib.read(data_dir / f"{stem}.pb")
    compiled = mes_module.mes(election, utility=utility, completion="add1")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(mes_module, "_search", lambda *args, **kwargs: None)
        exact = mes_module.mes(election, utility=utility, completion="add1")
    assert _without_runs(compiled) == _without_runs(exact)
    assert compiled.details["exact_runs"] < exact.details["exact_runs"]


def test_add1_counts_exactly_the_steps_the_compiled_count_cannot_prove(data_dir, monkeypatch):
    election = pabulib.read(data_dir / "Poland_Warszawa_2024_Wesola.pb")
    expected = mes_module.mes(election, completion="add1").selected
    counted = []

    def unproven(self, step):
        counted.append(step)

    monkeypatch.setattr(equal_shares.Compiled, "count", unproven)
    assert mes_module.mes(election, completion="add1").selected == expected
    assert counted


@settings(max_examples=150, deadline=None)
@given(st.one_of(elections(), elections_with_points()), st.sampled_from(["cost", "approval", "cardinal"]),
       st.sampled_from(["add1", "add1-max"]))
def test_random_add1_counts_through_the_compiled_counts_are_the_exact_ones(election, utility, completion):
    compiled = mes_module.mes(election, utility=utility, completion=completion)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(mes_module, "_search", lambda *args, **kwargs: None)
        exact = mes_module.mes(election, utility=utility, completion=completion)
    assert _without_runs(compiled) == _without_runs(exact)


def test_numbers_the_compiled_counts_cannot_compare_in_128_bits_raise_instead_of_overflowing():
    compiled = equal_shares._equal_shares
    limit = equal_shares.LIMIT
    groups, supporters = compiled.prepare([(3, {"a": 1}), (2, {"a": 1, "b": 1})], {"a": 0, "b": 1}, False)
    assert supporters == [5, 2]
    cost, sat, num, den, rank = [5, 3], [1, 1], [1, 5], [1, 2], [0, 1]
    assert compiled.count(groups, cost, sat, num, den, rank, limit // 5)[0] == [0, 1]
    for start in (-1, limit // 5 + 1, 2**63 - 1):  # every voter's budget, summed, must stay under 2^62
        with pytest.raises(ValueError, match="start"):
            compiled.count(groups, cost, sat, num, den, rank, start)
        with pytest.raises(ValueError, match="start"):
            compiled.count_cardinal(groups, cost, rank, start)
    for bad_cost in ([limit + 1, 3], [-2, 3]):
        with pytest.raises(ValueError, match="cost"):
            compiled.count(groups, bad_cost, sat, num, den, rank, 10)
        with pytest.raises(ValueError, match="cost"):
            compiled.count_cardinal(groups, bad_cost, rank, 10)
    for bad_sat in ([0, 1], [limit, 1]):
        with pytest.raises(ValueError, match="sat"):
            compiled.count(groups, cost, bad_sat, num, den, rank, 10)
    with pytest.raises(ValueError, match="exact_num"):
        compiled.count(groups, cost, sat, [-1, 5], den, rank, 10)
    with pytest.raises(ValueError, match="exact_den"):
        compiled.count(groups, cost, sat, num, [0, 2], rank, 10)
    with pytest.raises(OverflowError, match="voters"):  # the voters of groups that name no candidate count too
        compiled.prepare([(limit - 1, {"a": 1}), (1, {})], {"a": 0}, False)


def test_the_compiled_counts_read_only_ints_running_no_python_code():
    class Sneaky:  # an __index__ could change the lists being read
        def __index__(self):
            return 1

    compiled = equal_shares._equal_shares
    groups, _ = compiled.prepare([(3, {"a": 1})], {"a": 0}, True)
    with pytest.raises(TypeError, match="int"):
        compiled.count(groups, [Sneaky()], [1], [1], [1], [0], 10)
    with pytest.raises(TypeError, match="int"):
        compiled.prepare([(Sneaky(), {"a": 1})], {"a": 0}, True)
    with pytest.raises(TypeError, match="int"):
        compiled.prepare([(1, {"a": Sneaky()})], {"a": 0}, True)


@st.composite
def unusual_elections(draw):
    """Small elections with what the other strategies leave out: free projects, a project listed twice on a
    ballot, 0 points, empty ballots."""
    ids = [str(i) for i in draw(st.lists(st.integers(1, 30), min_size=1, max_size=6, unique=True))]
    projects = tuple(Project(pid, draw(st.sampled_from([0, 1, 2, 3, 5, 8]))) for pid in ids)
    budget = draw(st.integers(1, sum(p.cost for p in projects) + 5))
    points = draw(st.booleans())
    ballots = []
    for i in range(draw(st.integers(1, 10))):
        listed = tuple(draw(st.lists(st.sampled_from(ids), max_size=4)))
        given_points = tuple(draw(st.sampled_from([0, 1, 2])) for _ in listed) if points else None
        ballots.append(Ballot(f"v{i}", listed, given_points))
    return Election({"budget": str(budget), "vote_type": "cumulative" if points else "approval"}, projects,
                    tuple(ballots))


@settings(max_examples=150, deadline=None)
@given(unusual_elections(), st.sampled_from(["cost", "approval", "cardinal"]), st.sampled_from(["lexico", "lowest-cost"]),
       st.booleans())
def test_free_projects_repeated_ids_and_zero_points_count_as_the_exact_count_does(election, utility, tie_break,
                                                                                   comparison):
    exact = _exact(election, utility, tie_break)
    quick = equal_shares.quick(election, utility, tie_break)
    if quick is not None:
        assert quick.as_dict() == exact.as_dict()
    counted = count(election, "mes", utility=utility, tie_break=tie_break, comparison=comparison, explain=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(mes_module, "_search", lambda *args, **kwargs: None)
        expected = mes_module.mes(election, utility=utility, tie_break=tie_break, comparison=comparison,
                                  explain=False)
    assert counted.as_dict() == expected.as_dict()
