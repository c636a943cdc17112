"""`madina pb tally` and `madina pb verify`, as a person runs them."""

import json
import subprocess
import sys
from pathlib import Path

from madina.cli import main as madina

TEXT = (
    "META\nkey;value\ndescription;Test city\nbudget;120\nvote_type;approval\nrule;greedy\n"
    "PROJECTS\nproject_id;cost;name;selected\na;60;Park;1\nb;60;Library;0\nc;40;Bench;1\n"
    "VOTES\nvoter_id;vote\nv1;a\nv2;a\nv3;b\nv4;c\n"
)


def write(tmp_path, text=TEXT, name="city.pb"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_tally_json_has_selected_cost_and_ties(tmp_path, capsys):
    assert madina(["pb", "tally", write(tmp_path), "--rule", "mes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["selected"] == ["a"]
    assert data["cost"] == 60
    assert data["ties"] == []
    assert data["not_selected"]["b"].startswith("its supporters had 30.00 left")


def test_tally_table_and_explanations(tmp_path, capsys):
    assert madina(["pb", "tally", write(tmp_path), "--rule", "mes", "--completion", "add1", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "Test city: 4 voters, 3 projects, budget 120" in out
    assert "Park" in out
    assert "round 1: a, 2.0 effective votes" in out
    assert "not chosen" in out


def test_tally_greedy_ties_and_from_file(tmp_path, capsys):
    path = write(tmp_path)
    assert madina(["pb", "tally", path, "--rule", "greedy", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["selected"] == ["a", "b"]
    assert madina(["pb", "tally", path, "--rule", "from-file"]) == 0
    assert "matches the published outcome" in capsys.readouterr().out
    for rule in ("greedy-no-skip", "phragmen", "max-welfare"):
        assert madina(["pb", "tally", path, "--rule", rule, "--json", "--tie-break", "lowest-cost"]) == 0
        assert json.loads(capsys.readouterr().out)["cost"] <= 120
    assert madina(["pb", "tally", path, "--rule", "greedy", "--min-score", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["selected"] == ["a"]


def test_verify_reports_each_file_then_a_summary(tmp_path, capsys):
    good = write(tmp_path)
    wrong = write(tmp_path, TEXT.replace("b;60;Library;0", "b;60;Library;1"), "wrong.pb")
    unknown = write(tmp_path, TEXT.replace("rule;greedy", "rule;greedy-custom"), "custom.pb")
    assert madina(["pb", "verify", good, wrong, unknown]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MATCH")
    assert lines[1].startswith("DIFFER") and "published but not counted ['b']" in lines[1]
    assert lines[2].startswith("SKIP")
    assert lines[3] == "1 reproduced, 1 differ, 1 not reproducible"


def test_malformed_file_exits_2_with_the_line(tmp_path, capsys):
    path = write(tmp_path, TEXT.replace("v4;c", "v4;z"))
    assert madina(["pb", "tally", path]) == 2
    assert "line 17: voter v4 votes for unknown project z" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_traceback(data_dir):
    """`madina pb tally ... | head`: the pipe closes before the table (9 kB, more than one write) is out."""
    command = [str(Path(sys.executable).with_name("madina")), "pb", "tally", str(data_dir / "Poland_Lodz_2024.pb"),
               "--rule", "greedy", "--explain"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    child.stdout.close()  # the reader is gone before anything is written
    errors = child.stderr.read()
    assert child.wait() == 1
    assert "Traceback" not in errors and "BrokenPipe" not in errors
