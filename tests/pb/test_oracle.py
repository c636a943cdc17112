"""Madina's outcomes against pabutools 1.2.3, the field's reference implementation (the oracle).

Every counted file against pabutools' outcomes recorded once (make_oracle_fixture.py explains how to
regenerate them): greedy, MES and Phragmén in oracle_rules.json, MES + Add1 in oracle_mes_add1*.json, because
pabutools needs seconds to minutes per file there. Live comparisons where pabutools is quick (under a second
by the recorded time, parsing aside), and on random small elections.
"""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen

from madina.pb import pabulib
from madina.pb.exact import Q
from madina.pb.greedy import greedy
from madina.pb.mes import mes
from madina.pb.model import Ballot, Election
from madina.pb.model import Project as MadinaProject
from madina.pb.phragmen import phragmen

from .conftest import BIG, FILES, vote_type

HERE = Path(__file__).resolve().parent
SAT = {"cost": Cost_Sat, "approval": Cardinality_Sat, "cardinal": Additive_Cardinal_Sat}
COUNTED = [p for p in FILES if vote_type(p) in ("approval", "choose-1", "cumulative")]
SMALL = [p for p in COUNTED if p.stem not in BIG]
RULES = json.loads((HERE / "oracle_rules.json").read_text())
QUICK = [p for p in SMALL if RULES[p.stem]["pabutools_seconds"] < 1]


def utilities(path):
    return ("cost", "approval", "cardinal") if vote_type(path) == "cumulative" else ("cost", "approval")


def names(allocation):
    return [p.name for p in allocation]


@pytest.fixture(scope="module")
def parsed():
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = (parse_pabulib(str(path)), pabulib.read(path))
        return cache[path]

    return get


def test_every_counted_file_is_covered():
    assert len(COUNTED) == 54  # 60 files less the 6 ordinal ones
    recorded = json.loads((HERE / "oracle_mes_add1_small.json").read_text())
    assert sorted(recorded) == sorted(p.stem for p in SMALL)
    assert sorted(json.loads((HERE / "oracle_mes_add1.json").read_text())) == sorted(BIG)
    assert sorted(RULES) == sorted(p.stem for p in COUNTED)
    assert len(QUICK) >= 20  # live pabutools still checks most files


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.stem)
def test_greedy_mes_and_phragmen_equal_recorded_pabutools(path):
    recorded = RULES[path.stem]
    election = pabulib.read(path)
    for utility in utilities(path):
        assert greedy(election, utility=utility).selected == recorded[f"greedy/{utility}"], utility
        assert mes(election, utility=utility).selected == recorded[f"mes/{utility}"], utility
    assert sorted(phragmen(election).selected) == recorded["phragmen"]


@pytest.mark.parametrize("path", QUICK, ids=lambda p: p.stem)
def test_greedy_mes_and_phragmen_equal_pabutools(path, parsed):
    (instance, profile), election = parsed(path)
    for utility in utilities(path):
        sat = SAT[utility]
        assert greedy(election, utility=utility).selected == names(
            greedy_utilitarian_welfare(instance, profile, sat_class=sat)), utility
        assert mes(election, utility=utility).selected == names(
            method_of_equal_shares(instance, profile, sat_class=sat)), utility
    approvals = profile
    if vote_type(path) == "cumulative":  # pabutools' Phragmén takes approvals: every listed project
        approvals = ApprovalProfile([ApprovalBallot(ballot.keys()) for ballot in profile])
    assert sorted(phragmen(election).selected) == names(sequential_phragmen(instance, approvals))


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_mes_add1_equals_recorded_pabutools(path):
    recorded = json.loads((HERE / "oracle_mes_add1_small.json").read_text())[path.stem]
    assert mes(pabulib.read(path), completion="add1").selected == recorded["selected"]


@pytest.mark.parametrize("stem", sorted(json.loads((HERE / "oracle_mes_add1.json").read_text())))
def test_mes_add1_equals_recorded_pabutools_on_big_files(stem, data_dir):
    recorded = json.loads((HERE / "oracle_mes_add1.json").read_text())[stem]
    assert mes(pabulib.read(data_dir / f"{stem}.pb"), completion="add1").selected == recorded["selected"]


@st.composite
def small_elections(draw):
    """Random small approval elections with many ties (few distinct costs and few voters)."""
    count = draw(st.integers(1, 6))
    ids = [str(i) for i in draw(st.lists(st.integers(1, 30), min_size=count, max_size=count, unique=True))]
    costs = [draw(st.sampled_from([1, 2, 3, 5, 8, 10])) for _ in ids]
    budget = draw(st.integers(1, sum(costs) + 3))
    ballots = [tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))))
               for _ in range(draw(st.integers(1, 9)))]
    return ids, costs, budget, ballots


def _both(ids, costs, budget, ballots):
    projects = {pid: Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)}
    instance = Instance(projects.values(), budget_limit=Q(budget))
    profile = ApprovalProfile([ApprovalBallot(projects[p] for p in ballot) for ballot in ballots])
    election = Election(
        {"budget": str(budget), "vote_type": "approval"},
        tuple(MadinaProject(pid, cost) for pid, cost in zip(ids, costs, strict=True)),
        tuple(Ballot(f"v{i}", ballot) for i, ballot in enumerate(ballots)),
    )
    return instance, profile, election


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_elections(), st.sampled_from(["cost", "approval"]))
def test_random_elections_equal_pabutools(case, utility):
    instance, profile, election = _both(*case)
    sat = SAT[utility]
    assert greedy(election, utility=utility).selected == names(
        greedy_utilitarian_welfare(instance, profile, sat_class=sat))
    assert mes(election, utility=utility).selected == names(method_of_equal_shares(instance, profile, sat_class=sat))
    assert mes(election, utility=utility, completion="add1").selected == names(
        method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1))
    assert sorted(phragmen(election).selected) == names(sequential_phragmen(instance, profile))
