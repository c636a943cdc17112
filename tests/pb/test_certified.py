"""The certified integer count (madina.pb.certified) against the exact one (fractions): same projects, same
order, same ties, or an honest "not proven"; and MES + Add1 gives the same outcome, explanations included,
whether the certified count takes part or not."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import certified, equal_shares, pabulib
from madina.pb import mes as mes_module
from madina.pb.exact import Q
from madina.pb.mes import _prepare, _run, mes
from madina.pb.model import Ballot, Election, Project
from madina.pb.ties import tie_key

from .conftest import BIG, FILES, vote_type


@pytest.fixture(autouse=True, scope="module")
def _without_the_c_counts():
    """The counts tested here run where no C compiler built `equal_shares`' at installation: as if it had not."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(equal_shares, "_equal_shares", None)
        yield


COUNTED = [p for p in FILES if vote_type(p) in ("approval", "choose-1", "cumulative") and p.stem not in BIG]
WORDS = st.integers(0, 2**63 - 1)


@settings(deadline=None)  # the first example compiles the function when numba's cache is cold
@given(WORDS, WORDS, WORDS, WORDS)
def test_compare_is_the_sign_of_the_exact_products(a, b, c, d):
    product = a * b - c * d
    assert certified._compare(a, b, c, d) == (product > 0) - (product < 0)


@settings(deadline=None)
@given(WORDS, WORDS, st.integers(1, 2**63 - 1), st.integers(0, 2**63 - 1))
def test_ceil_muldiv_is_exact_or_capped(a, b, d, cap):
    assert certified._ceil_muldiv(a, b, d, cap) == min(-(-(a * b) // d), cap)


def _search(election, utility="cost", tie_break="lexico"):
    prep = _prepare(election, utility)
    key = tie_key(election, tie_break)
    fast = certified.search([prep.paying[p][0] for p in prep.candidates], prep.group_weight, prep.candidates,
                            prep.costs, election.budget, utility, key)
    return prep, key, fast


def _exact(prep, key, election, step):
    selected, _, ties, _, _ = _run(prep, Q(election.budget) / prep.n + step, key, prove=False, explain=False)
    return selected, ties


def _agree(election, steps, utility="cost", tie_break="lexico", blur=0) -> int:
    """How many of the steps the certified count proved; each proven one must equal the exact count."""
    prep, key, fast = _search(election, utility, tie_break)
    if fast is None:
        assert not prep.candidates
        return 0
    proven = 0
    for step in steps:
        found = fast.count(step, blur)
        if found is not None:
            assert found == _exact(prep, key, election, step), (step, utility, tie_break)
            proven += 1
    return proven


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.stem)
def test_certified_counts_equal_exact_counts(path):
    election = pabulib.read(path)
    proven = sum(_agree(election, (0, 5, 40), utility) for utility in ("cost", "approval"))
    assert proven >= 5  # at most one of the six counts left to the exact count


@pytest.mark.parametrize("blur", [2, 10, 1000])
def test_blurred_budgets_leave_decisions_unproven_and_never_decide_wrongly(blur):
    unproven = 0
    for path in COUNTED[::4]:
        unproven += 3 - _agree(pabulib.read(path), (0, 5, 40), blur=blur)
    assert unproven > 0


def test_exact_ties_are_proven_and_reported_like_the_exact_count():
    projects = tuple(Project(pid, cost) for pid, cost in (("2", 10), ("11", 10), ("5", 30), ("7", 12)))
    ballots = tuple(Ballot(f"v{i}", b) for i, b in enumerate(
        [("2", "11", "5"), ("2", "11"), ("5", "7"), ("2", "11", "7"), ("5",), ("7", "2", "11")]))
    election = Election({"budget": "40", "vote_type": "approval"}, projects, ballots)
    for utility in ("cost", "approval"):
        for tie_break in ("lexico", "lowest-cost"):
            prep, key, fast = _search(election, utility, tie_break)
            found = fast.count(0)
            assert found is not None and found[1], "the tie between 2 and 11 is proven and reported"
            assert found == _exact(prep, key, election, 0)


def test_what_it_cannot_represent_is_left_to_the_exact_count():
    projects = (Project("a", Q(5, 2)), Project("b", 3))
    ballots = (Ballot("v1", ("a", "b")), Ballot("v2", ("a",)))
    fractional = Election({"budget": "4", "vote_type": "approval"}, projects, ballots)
    assert _search(fractional)[2] is None
    whole = Election({"budget": "4", "vote_type": "approval"}, (Project("a", 2), Project("b", 3)), ballots)
    assert _search(whole, "cardinal")[2] is None
    assert _search(whole, "cost")[2] is not None
    penniless = Election({"budget": "0", "vote_type": "approval"}, (Project("a", 1),), (Ballot("v1", ("a",)),))
    assert _search(penniless)[2].count(0) is None
    assert mes(penniless, completion="add1").selected == []


@st.composite
def elections(draw):
    """Small elections with many exact ties: few distinct costs, few voters, repeated ballots."""
    ids = [str(i) for i in draw(st.lists(st.integers(1, 40), min_size=1, max_size=7, unique=True))]
    projects = tuple(Project(pid, draw(st.sampled_from([1, 2, 3, 5, 8, 10, 12]))) for pid in ids)
    budget = draw(st.integers(1, sum(p.cost for p in projects) + 5))
    ballots = tuple(Ballot(f"v{i}", tuple(draw(st.lists(st.sampled_from(ids), unique=True))))
                    for i in range(draw(st.integers(1, 12))))
    return Election({"budget": str(budget), "vote_type": "approval"}, projects, ballots)


@settings(max_examples=200, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]), st.sampled_from(["lexico", "lowest-cost"]),
       st.integers(0, 6), st.sampled_from([0, 2, 10, 10**6]))
def test_random_certified_counts_equal_exact_counts(election, utility, tie_break, step, blur):
    _agree(election, (step,), utility, tie_break, blur)


def _exact_only(monkeypatch):
    monkeypatch.setattr(certified, "search", lambda *args: None)


@pytest.mark.parametrize("stem", ["Poland_Warszawa_2024_Wesola", "France_Toulouse_2019", "Netherlands_Assen_2024"])
def test_mes_add1_outcome_and_explanations_are_the_exact_ones(stem, data_dir, monkeypatch):
    election = pabulib.read(data_dir / f"{stem}.pb")
    fast = mes(election, completion="add1").as_dict()
    _exact_only(monkeypatch)
    exact = mes(election, completion="add1").as_dict()
    for details in (fast["details"], exact["details"]):
        details.pop("runs")
    assert fast["details"].pop("exact_runs") < exact["details"].pop("exact_runs")
    assert fast == exact


@pytest.mark.parametrize("stem", ["Poland_Warszawa_2024_Wesola", "Poland_Krakow_2022_Debniki", "France_Toulouse_2019"])
def test_mes_add1_falls_back_to_exact_counts_when_nothing_is_proven(stem, data_dir, monkeypatch):
    election = pabulib.read(data_dir / f"{stem}.pb")
    expected = mes(election, completion="add1").selected
    counted = []

    def unproven(self, step, blur=0):
        counted.append(step)

    monkeypatch.setattr(certified.Search, "count", unproven)
    assert mes(election, completion="add1").selected == expected
    assert counted


def test_without_a_writable_cache_the_counts_are_compiled_in_the_process(monkeypatch):
    calls = []

    def njit(**options):
        calls.append(options)
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available for file 'f.py'")
        return lambda function: function

    monkeypatch.setattr(certified, "njit", njit)
    compiled = certified._compiled(inline="always")(abs)
    assert compiled(-3) == 3
    assert calls == [{"cache": True, "inline": "always"}, {"inline": "always"}]


def _plain_both_ways(election, monkeypatch, **options) -> tuple[dict, dict]:
    """Plain MES counted compiled (numba loaded), with numpy alone (a new process), and exactly: the first two
    must agree, then the certified one is compared with the exact one."""
    monkeypatch.setattr(mes_module, "_numba_loaded", lambda: True)
    fast = mes(election, **options).as_dict()
    monkeypatch.setattr(mes_module, "_numba_loaded", lambda: False)
    assert mes(election, **options).as_dict() == fast
    search = mes_module._search
    monkeypatch.setattr(mes_module, "_search", lambda *args, **kwargs: None)
    exact = mes(election, **options).as_dict()
    monkeypatch.setattr(mes_module, "_search", search)
    return fast, exact


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.stem)
def test_plain_mes_certified_gives_the_exact_outcome_ties_and_explanations(path, monkeypatch):
    election = pabulib.read(path)
    for utility, tie_break, explain in (("cost", "lexico", True), ("approval", "lowest-cost", False),
                                        ("cost", "lowest-cost", False)):
        fast, exact = _plain_both_ways(election, monkeypatch, utility=utility, tie_break=tie_break, explain=explain)
        assert fast == exact, (utility, tie_break, explain)


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]), st.sampled_from(["lexico", "lowest-cost"]),
       st.booleans())
def test_random_plain_mes_certified_equals_exact(election, utility, tie_break, explain):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, exact = _plain_both_ways(election, monkeypatch, utility=utility, tie_break=tie_break, explain=explain)
    assert fast == exact


def test_plain_mes_counts_exactly_what_the_certified_count_cannot_prove(data_dir, monkeypatch):
    election = pabulib.read(data_dir / "Poland_Warszawa_2024_Wesola.pb")
    monkeypatch.setattr(mes_module, "_numba_loaded", lambda: True)
    expected = mes(election, explain=False).as_dict()
    counted = []

    def unproven(self, step, blur=0):
        counted.append(step)

    monkeypatch.setattr(certified.Search, "count", unproven)
    assert mes(election, explain=False).as_dict() == expected
    assert counted == [0]


def test_leftovers_the_brackets_cannot_settle_to_the_cent_are_counted_exactly(data_dir, monkeypatch):
    election = pabulib.read(data_dir / "Poland_Warszawa_2024_Wesola.pb")
    monkeypatch.setattr(mes_module, "_numba_loaded", lambda: True)
    expected = mes(election, explain=False).as_dict()
    wide = certified.Search.leftovers

    def blurred(self, projects):  # brackets a cent wide: no amount is settled by them
        return {pid: (low - unit // 100, high + unit // 100, unit)
                for pid, (low, high, unit) in wide(self, projects).items()}

    monkeypatch.setattr(certified.Search, "leftovers", blurred)
    assert mes(election, explain=False).as_dict() == expected


@given(st.fractions(min_value=0, max_value=10**9), st.fractions(min_value=0, max_value=1),
       st.fractions(min_value=0, max_value=1))
def test_an_amount_between_two_bounds_shown_alike_is_shown_alike(low, gap, where):
    high = low + gap
    amount = low + gap * where
    low, high, amount = Q(low), Q(high), Q(amount)
    if equal_shares.shown(low) == equal_shares.shown(high):
        assert equal_shares.shown(amount) == equal_shares.shown(low)
