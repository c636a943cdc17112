"""Reading and writing Pabulib `.pb` files (pabulib.org/format): META, PROJECTS and VOTES sections, `;`-separated.

Tolerates what real files contain: a byte-order mark, Windows line ends, quoted fields, comma decimal marks in
costs and budgets, "none" for missing values and extra columns. Anything else that is wrong is refused with
its line number, so an organiser can fix the file: a voter or project listed twice (it would be counted twice),
a number that is not finite or beyond 10^15. META's `num_votes` and `num_projects` that disagree with the
sections (a file cut short) are warnings in `Election.warnings`, errors with `strict=True`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from functools import partial
from operator import itemgetter, methodcaller

from madina.pb.exact import format_number, parse_number
from madina.pb.model import VOTE_TYPES, Ballot, Election, Project, ReadBallots

try:
    from madina.pb import _votes
except ImportError:  # pragma: no cover - built where a C compiler was found at installation (setup.py)
    _votes = None

SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """A file that is not a valid Pabulib election; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def read(path: str | os.PathLike, *, strict: bool = False) -> Election:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse(handle.read(), strict=strict)


def _number(text: str, line: int, what: str, *, decimal_comma: bool = True):
    try:
        return parse_number(text, decimal_comma=decimal_comma)
    except ValueError as exc:
        raise PabulibError(line, f"{what}: {exc}") from None


def parse(text: str, *, strict: bool = False) -> Election:
    """Parse the content of a `.pb` file; `strict`: META counts that disagree with the sections are errors."""
    text = text.removeprefix("\ufeff")
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=";")
    section = None
    header: list[str] | None = None
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: dict[str, Project] = {}
    project_lines: dict[str, int] = {}
    raw_votes: list[tuple[int, list[str]]] = []
    project_columns: tuple[str, ...] = ()
    vote_columns: tuple[str, ...] = ()
    seen: set[str] = set()
    width = -1  # the VOTES header's, once read: a vote row of that width is kept as it is, the rest checked below
    plain = None  # the ballots, when the VOTES section is the last and _plain_votes could take it whole
    try:
        for row in reader:
            line = reader.line_num
            if len(row) == width and section == "votes":
                raw_votes.append((line, row))
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            word = row[0].strip().lower()
            if len(row) == 1 and word in SECTIONS:
                if word in seen:
                    raise PabulibError(line, f"section {word.upper()} appears twice")
                seen.add(word)
                section, header = word, None
                continue
            if section is None:
                raise PabulibError(line, "expected a META, PROJECTS or VOTES section title")
            if header is None:
                header = [h.strip() for h in row]
                if section == "projects":
                    if header[0] != "project_id" or "cost" not in header:
                        raise PabulibError(line, "the PROJECTS header must start with project_id and have cost")
                    project_columns = tuple(header)
                elif section == "votes":
                    if header[0] != "voter_id" or "vote" not in header:
                        raise PabulibError(line, "the VOTES header must start with voter_id and have vote")
                    vote_columns = tuple(header)
                    width = len(header)
                    if meta.get("vote_type") in ("approval", "choose-1"):
                        plain = _plain_votes(text[stream.tell():], vote_columns, projects, meta["vote_type"])
                        if plain is not None:
                            break
                continue
            if len(row) > len(header):
                if any(cell.strip() for cell in row[len(header) :]):
                    raise PabulibError(line, f"{len(row)} fields but the header has {len(header)}")
                row = row[: len(header)]
            row = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
            if section == "meta":
                if len(row) < 2:
                    raise PabulibError(line, "a META row needs a key and a value")
                meta[row[0]] = row[1]
                meta_lines[row[0]] = line
            elif section == "projects":
                fields = dict(zip(header, row, strict=True))
                pid = fields.pop("project_id")
                if not pid:
                    raise PabulibError(line, "empty project_id")
                if pid in projects:
                    raise PabulibError(line, f"project {pid} is listed twice (first on line {project_lines[pid]})")
                project_lines[pid] = line
                cost = _number(fields.pop("cost"), line, f"cost of project {pid}")
                if cost < 0:
                    raise PabulibError(line, f"cost of project {pid} is negative")
                projects[pid] = Project(pid, cost, fields)
            else:
                raw_votes.append((line, row))
    except csv.Error as exc:
        raise PabulibError(reader.line_num, f"unreadable line ({exc})") from None
    for needed in SECTIONS:
        if needed not in seen:
            raise PabulibError(reader.line_num or 1, f"no {needed.upper()} section")
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise PabulibError(1, f"META has no {key}")
    vote_type = meta["vote_type"]
    if vote_type not in VOTE_TYPES:
        raise PabulibError(1, f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})")
    budget = _number(meta["budget"], 1, "budget")
    if budget < 0:
        raise PabulibError(1, "the budget is negative")
    ballots = plain if plain is not None else _ballots(raw_votes, vote_columns, projects, vote_type)
    warnings = []
    for key, found, what in (("num_projects", len(projects), "projects"), ("num_votes", len(ballots), "voters")):
        declared = meta.get(key, "").strip()
        if declared and declared != str(found):
            message = f"META {key} is {declared} but the file lists {found} {what}"
            if strict:
                raise PabulibError(meta_lines[key], message)
            warnings.append(f"line {meta_lines[key]}: {message}")
    return Election(meta, tuple(projects.values()), ballots, project_columns, vote_columns, tuple(warnings))


_SPACE = re.compile(r"\s")


def _plain_votes(rest: str, columns: tuple[str, ...], projects: dict[str, Project],
                 vote_type: str) -> ReadBallots | None:
    """The ballots of a VOTES section that ends the file and holds nothing to tidy or refuse: no quotes, no
    section after it, ids without blanks, every voter once, every id a project. Such a section is counted per
    distinct list of projects, by the compiled scan (`_votes`) when it was built and can be sure, else in
    Python; the `Ballot` objects are made only if asked for. None when anything is out of the ordinary: `parse`
    then reads the rows one by one and says what is wrong, on which line."""
    at_voter, at_vote = columns.index("voter_id"), columns.index("vote")
    found = None
    if _votes is not None:
        found = _votes.scan(rest, len(columns), at_voter, at_vote, projects, vote_type == "choose-1")
    if found is None:
        found = _plain_counts(rest, columns, projects, vote_type)
        if found is None:
            return None
    lists, size, supporters = found
    return ReadBallots(Counter(lists), size, partial(_made, rest, columns), supporters)


def _lines(rest: str) -> list[str]:
    lines = rest.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _plain_counts(rest: str, columns: tuple[str, ...], projects: dict[str, Project],
                  vote_type: str) -> tuple[dict, int, None] | None:
    """`_votes.scan` in Python: (voters per distinct list, rows, None), or None for a section to read row by row.
    The approval counts are then taken from the lists by `Election.supporters`."""
    if '"' in rest or "\r" in rest.replace("\r\n", ""):
        return None
    lines = _lines(rest)
    if lines and set(map(methodcaller("count", ";"), lines)) != {len(columns) - 1}:
        return None
    at_voter, at_vote = columns.index("voter_id"), columns.index("vote")
    rows = list(map(methodcaller("split", ";", max(at_voter, at_vote) + 1), lines))  # the rest of a row waits
    voters = list(map(itemgetter(at_voter), rows))
    if len(set(voters)) != len(voters) or "" in voters or _SPACE.search("".join(voters)):
        return None
    votes = Counter(map(itemgetter(at_vote), rows))
    blank = [vote for vote in votes if _blank(vote)]
    listed = [vote for vote in votes if not _blank(vote)] if blank else list(votes)
    every = ",".join(listed)
    if _SPACE.search(every) or not frozenset(projects).issuperset(every.split(",") if listed else ()):
        return None
    if vote_type == "choose-1" and "," in "".join(listed):  # not in `every`: its joins are commas
        return None
    ids_of = dict(zip(listed, [tuple(vote.split(",")) for vote in listed], strict=True))
    if blank:  # "" and "none" are the same empty list: counted together, where the first of them comes
        ids_of.update(dict.fromkeys(blank, ()))
        lists = Counter()
        for vote, weight in votes.items():
            lists[ids_of[vote]] += weight
    else:
        lists = dict(zip(ids_of.values(), votes.values(), strict=True))
    return lists, len(lines), None


def _blank(vote: str) -> bool:
    return not vote or vote.lower() == "none"


def _made(rest: str, columns: tuple[str, ...]) -> tuple[Ballot, ...]:
    """The `Ballot` objects of a section `_plain_votes` took whole."""
    at_voter, at_vote = columns.index("voter_id"), columns.index("vote")
    others = [(i, name) for i, name in enumerate(columns) if name not in ("voter_id", "vote")]
    ids_of: dict[str, tuple[str, ...]] = {}
    ballots = []
    for row in map(methodcaller("split", ";"), _lines(rest)):
        vote = row[at_vote]
        ids = ids_of.get(vote)
        if ids is None:
            ids = ids_of[vote] = () if _blank(vote) else tuple(vote.split(","))
        ballots.append(Ballot(row[at_voter], ids, None, {name: row[i].strip() for i, name in others}))
    return tuple(ballots)


def _ballots(raw_votes: list, columns: tuple[str, ...], projects: dict[str, Project], vote_type: str) -> tuple:
    """The ballots of the VOTES rows (cells not yet stripped), each voter once. The common row (approval,
    no blanks around the ids) is read without building a dict of its cells: a tenth of a second on Łódź 2024."""
    if not raw_votes:  # an empty VOTES section, maybe without its header
        return ()
    known = frozenset(projects)
    at_voter, at_vote = columns.index("voter_id"), columns.index("vote")
    others = [(i, name) for i, name in enumerate(columns) if name not in ("voter_id", "vote")]
    plain = vote_type in ("approval", "choose-1")
    ballots = []
    voter_lines: dict[str, int] = {}
    for line, row in raw_votes:
        voter = row[at_voter].strip()
        vote = row[at_vote].strip()
        fields = {name: row[i].strip() for i, name in others}
        ids = tuple(vote.split(",")) if vote else ()
        if plain and known.issuperset(ids) and (len(ids) < 2 or vote_type != "choose-1") and vote.lower() != "none":
            ballot = Ballot(voter, ids, None, fields)  # every id is a project: none is blank or padded
        else:
            ballot = _ballot(line, voter, vote, fields, projects, vote_type)
        first = voter_lines.setdefault(voter, line)
        if first != line:
            raise PabulibError(line, f"voter {voter} is listed twice (first on line {first})")
        ballots.append(ballot)
    return tuple(ballots)


def _ballot(line: int, voter: str, vote: str, fields: dict[str, str], projects: dict[str, Project],
            vote_type: str) -> Ballot:
    ids = tuple(v.strip() for v in vote.split(",") if v.strip()) if vote.lower() != "none" else ()
    for pid in ids:
        if pid not in projects:
            raise PabulibError(line, f"voter {voter} votes for unknown project {pid}")
    if vote_type == "choose-1" and len(ids) > 1:
        raise PabulibError(line, f"voter {voter} chose {len(ids)} projects in a choose-1 vote")
    points = None
    if vote_type in ("cumulative", "scoring"):
        raw = fields.pop("points", "")
        texts = [t for t in raw.split(",") if t.strip()] if raw.lower() != "none" else []
        if len(texts) != len(ids):
            raise PabulibError(line, f"voter {voter} has {len(ids)} projects but {len(texts)} points")
        points = tuple(_number(t, line, f"points of voter {voter}", decimal_comma=False) for t in texts)
        if any(p < 0 for p in points):
            raise PabulibError(line, f"voter {voter} gives negative points")
    return Ballot(voter, ids, points, fields)


def dumps(election: Election) -> str:
    """The `.pb` text of an election; `parse(dumps(e)) == e`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in election.meta.items():
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    writer.writerow(election.project_columns)
    for project in election.projects:
        values = {"project_id": project.id, "cost": format_number(project.cost), **project.fields}
        writer.writerow([values.get(column, "") for column in election.project_columns])
    writer.writerow(["VOTES"])
    writer.writerow(election.vote_columns)
    for ballot in election.ballots:
        values = {"voter_id": ballot.voter_id, "vote": ",".join(ballot.projects), **ballot.fields}
        if ballot.points is not None:
            values["points"] = ",".join(format_number(p) for p in ballot.points)
        writer.writerow([values.get(column, "") for column in election.vote_columns])
    return out.getvalue()


def write(election: Election, path: str | os.PathLike) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(dumps(election))
