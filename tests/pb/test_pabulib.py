"""Reading and writing Pabulib files, including what real files contain and what malformed files look like."""

from collections import Counter
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madina.pb import pabulib
from madina.pb.exact import Q
from madina.pb.model import Ballot, Election, Project, ReadBallots
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


def test_a_voter_or_project_listed_twice_is_refused_with_both_lines():
    text = HEAD.format(budget=100, vote_type="approval") + "voter_id;vote\nv1;1\nv2;2\nv1;1,2\n"
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    assert str(caught.value) == "line 13: voter v1 is listed twice (first on line 11)"
    text = HEAD.format(budget=100, vote_type="approval").replace("2;50;b", "1;50;b") + "voter_id;vote\n"
    with pytest.raises(PabulibError, match=r"^line 8: project 1 is listed twice \(first on line 7\)$"):
        pabulib.parse(text)


def test_counts_that_disagree_with_meta_warn_or_refuse_when_strict():
    text = HEAD.format(budget=100, vote_type="approval").replace(
        "vote_type;approval\n", "vote_type;approval\nnum_projects;2\nnum_votes;4\n") + "voter_id;vote\nv1;1\nv2;2\n"
    election = pabulib.parse(text)
    assert len(election.ballots) == 2
    assert election.warnings == ("line 6: META num_votes is 4 but the file lists 2 voters",)
    with pytest.raises(PabulibError, match=r"^line 6: META num_votes is 4 but the file lists 2 voters$"):
        pabulib.parse(text, strict=True)
    whole = text + "v3;1\nv4;1\n"
    assert pabulib.parse(whole, strict=True).warnings == ()


@pytest.mark.parametrize("number", ["9e999999999", "1e-999999999", "inf", "-Infinity", "nan", "1e16",
                                    "1000000000000001", "1" * 5000, "2/0"])
def test_numbers_out_of_range_are_refused_at_once(number):
    """9e999999999 used to stall the reader for minutes (10**999999999 being built)."""
    for text in (HEAD.format(budget=number, vote_type="approval") + "voter_id;vote\n",
                 HEAD.format(budget=100, vote_type="approval").replace("1;100;a", f"1;{number};a") + "voter_id;vote\n",
                 HEAD.format(budget=100, vote_type="cumulative") + f"voter_id;vote;points\nv1;1;{number}\n"):
        with pytest.raises(PabulibError, match=r"^line \d+: .*(finite|10\^15|characters|not a number)"):
            pabulib.parse(text)
    assert pabulib.parse_number("1e15") == 10**15


NASTY = ["9e999999999", "-9e999999999", "1e-999999999", "inf", "nan", "1e16", "-1", "0", "1,5", "1/0", "", "none",
         "v0", "1", "2", "A", ";", '"', "\ufeff", "PROJECTS", "VOTES", "META", "x" * 70, "3" * 70, "1e30", "٣"]


@st.composite
def damaged_files(draw):
    """A valid file with one of: a field replaced by something nasty, a line removed or repeated, the end cut."""
    election = draw(elections())
    lines = pabulib.dumps(election).splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    damage = draw(st.sampled_from(["field", "remove", "repeat", "cut"]))
    if damage == "field":
        fields = lines[at].rstrip("\n").split(";")
        which = draw(st.integers(0, len(fields) - 1))
        fields[which] = draw(st.sampled_from(NASTY) | st.text(max_size=8))
        lines[at] = ";".join(fields) + "\n"
    elif damage == "remove":
        del lines[at]
    elif damage == "repeat":
        lines.insert(at, lines[at])
    else:
        lines = [*lines[:at], lines[at][: draw(st.integers(0, len(lines[at])))]]
    return "".join(lines)


@settings(max_examples=300, deadline=None)
@given(damaged_files())
def test_a_damaged_file_gives_a_clear_error_or_a_correct_count(tmp_path_factory, text):
    """Never a traceback nor a hang: PabulibError with its line, or an election that counts correctly."""
    from madina.pb.cli import main
    from madina.pb.rules import count

    try:
        election = pabulib.parse(text)
    except PabulibError as exc:
        assert str(exc).startswith(f"line {exc.line}: ") and exc.line >= 1
        return
    assert len({b.voter_id for b in election.ballots}) == len(election.ballots)  # nobody counted twice
    for rule in ("greedy", "mes", "phragmen"):
        outcome = count(election, rule)
        assert len(set(outcome.selected)) == len(outcome.selected)
        assert set(outcome.selected) <= set(election.project_by_id)
        assert outcome.cost == sum(election.project_by_id[p].cost for p in outcome.selected) <= election.budget
    path = tmp_path_factory.mktemp("fuzz") / "damaged.pb"
    path.write_text(text, encoding="utf-8")
    assert main(["tally", str(path), "--rule", "greedy", "--json"]) == 0


def _row_by_row(text: str) -> Election | PabulibError:
    with mock.patch.object(pabulib, "_plain_votes", lambda *args: None):
        try:
            return pabulib.parse(text)
        except PabulibError as exc:
            return exc


@settings(max_examples=200, deadline=None)
@given(st.one_of(elections().map(pabulib.dumps), damaged_files()))
def test_the_quick_reading_of_plain_votes_agrees_with_reading_row_by_row(text):
    """`_plain_votes` takes a plain VOTES section whole, without Ballot objects: the same election, the same
    approval counts and voter groups, and the same error (it hands anything unusual to the row-by-row path)."""
    slow = _row_by_row(text)
    try:
        quick = pabulib.parse(text)
    except PabulibError as exc:
        assert isinstance(slow, PabulibError) and str(exc) == str(slow)
        return
    assert quick == slow and len(quick.ballots) == len(slow.ballots)
    assert quick.lists == slow.lists and quick.scores == slow.scores and quick.supporters == slow.supporters
    for utility in ("cost", "approval", "cardinal"):
        assert quick.voter_groups(utility) == slow.voter_groups(utility)
    with mock.patch.object(pabulib, "_votes", None):  # where the compiled scan was not built
        python = pabulib.parse(text)
    assert python == quick and python.lists == quick.lists and python.supporters == quick.supporters


def test_plain_votes_are_read_without_ballot_objects_until_asked():
    text = HEAD.format(budget=100, vote_type="approval") + "voter_id;vote;age\nv1;1;30\nv2;1,2; 41\nv3;none;\n"
    election = pabulib.parse(text)
    assert isinstance(election.ballots, ReadBallots) and election.ballots._made is None
    assert election.lists == {("1",): 1, ("1", "2"): 1, (): 1} and election.scores == {"1": 2, "2": 1}
    assert election.ballots._made is None
    assert election.ballots[1] == Ballot("v2", ("1", "2"), None, {"age": "41"})
    assert pabulib.parse(pabulib.dumps(election)) == election


def test_a_project_named_twice_on_a_ballot_is_one_approval_either_way():
    text = HEAD.format(budget=100, vote_type="approval") + "voter_id;vote\nv1;1,1,2\nv2;2,1\nv3;1\n"
    quick, slow = pabulib.parse(text), _row_by_row(text)
    assert isinstance(quick.ballots, ReadBallots)
    assert quick.supporters == slow.supporters == {"1": 3, "2": 2}
    assert quick.scores == slow.scores == {"1": 3, "2": 2}


# A VOTES section as files hold it and as they break: the compiled scan must agree with the Python reading.
_CELLS = st.sampled_from(["1", "2", "1,2", "2,1,1", "", "none", "NONE", "None", "3", "1,,2", " 1", "1 ", "v1", "v2",
                          '"1"', "1\r", "é", "1,é", "\u00a0", "٣", "1;2", "x" * 40])
_ROWS = st.lists(st.tuples(st.sampled_from(["v1", "v2", "v3", "", " v4", "v\u00e9", "v5", "v6", "v7"]), _CELLS,
                           st.sampled_from(["30", "", "x", "1;2"])), max_size=8)
_ENDS = st.sampled_from(["\n", "\r\n", "\r", "", "\n\n", "\r\n\r\n", "\n\r\n", "\r\r\n"])


@settings(max_examples=500, deadline=None)
@given(_ROWS, _ENDS, _ENDS, st.sampled_from([("voter_id", "vote", "age"), ("vote", "voter_id", "age"),
                                             ("voter_id", "vote")]), st.booleans())
def test_the_compiled_scan_of_a_votes_section_agrees_with_python(rows, between, end, columns, choose_one):
    """`_votes.scan` answers exactly what `_plain_counts` answers, or None (then the Python reading decides)."""
    if pabulib._votes is None:  # pragma: no cover - a machine without a C compiler at installation
        pytest.skip("the compiled scan was not built")
    at = {name: i for i, name in enumerate(columns)}
    lines = []
    for voter, vote, age in rows:
        cells = [""] * len(columns)
        cells[at["voter_id"]], cells[at["vote"]] = voter, vote
        if "age" in at:
            cells[at["age"]] = age
        lines.append(";".join(cells))
    section = between.join(lines) + end
    projects = {"1": None, "2": None, "é": None}
    python = pabulib._plain_counts(section, columns, projects, "choose-1" if choose_one else "approval")
    compiled = pabulib._votes.scan(section, len(columns), at["voter_id"], at["vote"], projects, choose_one)
    if compiled is not None:
        assert python is not None
        lists, size, supporters = compiled
        assert list(lists.items()) == list(python[0].items()) and size == python[1]
        once = Counter(pid for listed, weight in lists.items() for pid in set(listed) for _ in range(weight))
        assert supporters == once and all(supporters.values())
    elif python is not None:  # the scan leaves to Python only what is not plain ASCII
        assert not section.isascii()


def test_the_compiled_scan_counts_a_large_section_as_python_does():
    if pabulib._votes is None:  # pragma: no cover
        pytest.skip("the compiled scan was not built")
    section = "".join(f"{i};{i % 7},{(i * 3) % 11},{i % 7};{i % 90}\n" for i in range(20_000)) + "\n\n"
    projects = dict.fromkeys(map(str, range(11)))
    columns = ("voter_id", "vote", "age")
    lists, size, supporters = pabulib._votes.scan(section, 3, 0, 1, projects, False)
    python = pabulib._plain_counts(section, columns, projects, "approval")
    assert list(lists.items()) == list(python[0].items()) and size == python[1] == 20_000
    assert supporters == Counter(pid for i in range(20_000) for pid in {str(i % 7), str((i * 3) % 11)})


def test_every_file_reads_the_same_with_and_without_the_compiled_scan():
    if pabulib._votes is None:  # pragma: no cover
        pytest.skip("the compiled scan was not built")
    for path in FILES:
        compiled = pabulib.read(path)
        with mock.patch.object(pabulib, "_votes", None):
            python = pabulib.read(path)
        assert compiled.lists == python.lists and compiled.supporters == python.supporters, path
        assert len(compiled.ballots) == len(python.ballots), path
