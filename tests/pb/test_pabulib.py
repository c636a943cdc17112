"""Reading and writing Pabulib files, including what real files contain and what malformed files look like."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import pabulib
from madina.pb.exact import Q
from madina.pb.model import Ballot, Election, Project
from madina.pb.pabulib import PabulibError

from .conftest import FILES

HEAD = "META\nkey;value\nbudget;{budget}\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost;name\n1;100;a\n2;50;b\nVOTES\n"


def test_reads_all_sixty_files_and_round_trips():
    assert len(FILES) == 60
    for path in FILES:
        election = pabulib.read(path)
        assert election.projects and election.ballots, path
        assert pabulib.parse(pabulib.dumps(election)) == election, path


def test_bom_crlf_comma_decimals_quotes_and_extra_columns():
    text = (
        "\ufeffMETA\r\nkey;value\r\nbudget;1000,50\r\nvote_type;approval\r\n"
        "PROJECTS\r\nproject_id;cost;name;category;target;selected;votes\r\n"
        '1;100,25;"Park; with a semicolon";"sport,culture";seniors;1;2\r\n2;500;b;none;;0;1\r\n'
        "VOTES\r\nvoter_id;vote;age\r\nv1;1,2;30\r\nv2;1;none\r\n"
    )
    election = pabulib.parse(text)
    assert election.budget == Q(2001, 2)
    park = election.project_by_id["1"]
    assert park.cost == Q(401, 4)
    assert park.name == "Park; with a semicolon"
    assert park.categories == ("sport", "culture")
    assert park.targets == ("seniors",)
    assert park.selected is True and election.project_by_id["2"].selected is False
    assert park.published_votes == 2
    assert election.ballots[0] == Ballot("v1", ("1", "2"), None, {"age": "30"})
    assert election.scores == {"1": 2, "2": 1}
    assert pabulib.parse(pabulib.dumps(election)) == election


def test_cumulative_points():
    election = pabulib.parse(HEAD.format(budget=150, vote_type="cumulative") + "voter_id;vote;points\nv1;1,2;3,2\n")
    assert election.ballots[0].points == (3, 2)
    assert election.scores == {"1": 3, "2": 2}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("key;value\nbudget;1\n", 1, "section title"),
        (HEAD.format(budget=100, vote_type="approval") + "voter_id;vote\nv1;1,9\n", 11, "unknown project 9"),
        (HEAD.format(budget=100, vote_type="approval").replace("1;100;a", "1;cheap;a") + "voter_id;vote\n", 7,
         "cost of project 1"),
        (HEAD.format(budget=100, vote_type="approval").replace("2;50;b", "1;50;b") + "voter_id;vote\n", 8,
         "listed twice"),
        (HEAD.format(budget=100, vote_type="cumulative") + "voter_id;vote;points\nv1;1,2;3\n", 11, "2 projects but 1 points"),
        (HEAD.format(budget=100, vote_type="approval") + "voter_id;vote\nv1;1;x;y\n", 11, "4 fields"),
        (HEAD.format(budget=100, vote_type="ranking") + "voter_id;vote\n", 1, "unknown vote_type"),
        (HEAD.format(budget="lots", vote_type="approval") + "voter_id;vote\n", 1, "budget"),
        (HEAD.format(budget=100, vote_type="choose-1") + "voter_id;vote\nv1;1,2\n", 11, "choose-1"),
        ("META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;1\n", 7, "no VOTES"),
        (HEAD.format(budget=100, vote_type="approval").replace("project_id;cost;name", "id;price") + "voter_id;vote\n",
         6, "PROJECTS header"),
    ],
)
def test_malformed_files_are_refused_with_line_and_reason(text, line, words):
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"line {line}:")


ids = st.text("0123456789ABC", min_size=1, max_size=3)


@st.composite
def elections(draw):
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal", "scoring", "choose-1"]))
    pids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    costs = draw(st.lists(st.fractions(min_value=0, max_value=1000, max_denominator=4), min_size=len(pids),
                          max_size=len(pids)))
    projects = tuple(Project(pid, pabulib.parse_number(str(float(c))), {"name": f"p {pid};x"})
                     for pid, c in zip(pids, costs, strict=True))
    ballots = []
    for index in range(draw(st.integers(0, 8))):
        chosen = tuple(draw(st.lists(st.sampled_from(pids), unique=True, max_size=1 if vote_type == "choose-1" else 6)))
        points = None
        if vote_type in ("cumulative", "scoring"):
            points = tuple(draw(st.integers(0, 9)) for _ in chosen)
        ballots.append(Ballot(f"v{index}", chosen, points, {}))
    columns = ("voter_id", "vote", "points") if vote_type in ("cumulative", "scoring") else ("voter_id", "vote")
    meta = {"budget": str(draw(st.integers(0, 3000))), "vote_type": vote_type}
    return Election(meta, projects, tuple(ballots), ("project_id", "cost", "name"), columns)


@settings(max_examples=60, deadline=None)
@given(elections())
def test_writing_then_reading_gives_the_same_election(election):
    assert pabulib.parse(pabulib.dumps(election)) == election
