"""`madina pb tally` and `madina pb verify`, as a person runs them."""

import json
import subprocess
import sys
from pathlib import Path

from madina.cli import main as madina
from madina.pb import equal_shares, phragmen

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
    assert lines[2] == "       first departure from the rule: at 1 votes (rank 2: b, c): published b, c cost 100, only 60 left"
    assert lines[3].startswith("SKIP")
    assert lines[4] == "1 reproduced, 1 differ, 1 not reproducible"


def test_verify_says_where_the_published_list_leaves_the_rule(tmp_path, capsys):
    """Greedy: a project with more votes that fits was passed over; MES: the first round bought elsewhere."""
    skipped = write(tmp_path, TEXT.replace("a;60;Park;1", "a;60;Park;0").replace("b;60;Library;0", "b;60;Library;1"))
    assert madina(["pb", "verify", skipped]) == 1
    assert ("first departure from the rule: at 2 votes (rank 1: a): a not published though it fits (120 left after "
            "the published ones)") in capsys.readouterr().out
    mes = TEXT.replace("rule;greedy", "rule;equalshares").replace("c;40;Bench;1", "c;40;Bench;0")  # MES buys a only
    other = write(tmp_path, mes.replace("a;60;Park;1", "a;60;Park;0").replace("b;60;Library;0", "b;60;Library;1"),
                  "other.pb")
    assert madina(["pb", "verify", other]) == 1
    out = capsys.readouterr().out
    assert "first departure from the rule: round 1: the rule buys a, which the published list does not fund" in out
    more = write(tmp_path, mes.replace("b;60;Library;0", "b;60;Library;1"), "more.pb")
    assert madina(["pb", "verify", more]) == 1
    assert ("after round 1: the rule buys nothing more; the published list also funds b"
            in capsys.readouterr().out)


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


def test_counts_that_disagree_with_meta_warn_on_stderr_and_in_json_and_fail_when_strict(tmp_path, capsys):
    path = write(tmp_path, TEXT.replace("rule;greedy\n", "rule;greedy\nnum_votes;5\n"))
    assert madina(["pb", "tally", path, "--rule", "greedy", "--json"]) == 0
    captured = capsys.readouterr()
    warning = "line 7: META num_votes is 5 but the file lists 4 voters"
    assert json.loads(captured.out)["warnings"] == [warning]
    assert f"madina pb: warning: {warning}" in captured.err
    assert madina(["pb", "tally", path, "--rule", "greedy", "--strict"]) == 2
    assert f"madina pb: {warning}" in capsys.readouterr().err
    assert madina(["pb", "tally", write(tmp_path), "--rule", "greedy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []


def test_every_option_of_every_pb_command_has_help():
    from madina.pb.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert set(commands.choices) == {"tally", "verify"}
    for name, sub in commands.choices.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help and action.help.strip(), (name, action.dest)
    assert all(choice.help for choice in commands._choices_actions)


def test_greedy_and_help_load_neither_numpy_gmpy2_numba_nor_django(tmp_path):
    """What `madina pb` starts with: the reader and the rule asked for, nothing else (start-up time)."""
    path = write(tmp_path)
    probe = ("import sys; from madina.cli import main; main(['pb', 'tally', sys.argv[1], '--rule', 'greedy']);"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'gmpy2', 'numba', 'django'}))")
    result = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
    whole = probe.replace("'numpy', 'gmpy2'", "'fractions', 'decimal', 'numpy', 'gmpy2'")  # whole numbers: none
    result = subprocess.run([sys.executable, "-c", whole, path], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
    probe = probe.replace("'--rule', 'greedy'", "'--rule', 'mes'")
    result = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, check=True)
    built = equal_shares.compiled_counts() is not None  # else numpy counts plain MES
    assert result.stdout.splitlines()[-1] == ("[]" if built else "['gmpy2', 'numpy']")
    probe = probe.replace("'--rule', 'mes'", "'--rule', 'phragmen'")
    result = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == ("[]" if phragmen._phragmen is not None else "['numpy']")
