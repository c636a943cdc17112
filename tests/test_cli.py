"""`madina --help` shows every command the word `madina` runs, Django's included, and every option of Madina's own
commands (and of its apps' management commands) says what it does."""

import argparse
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from madina.cli import build_parser, main

SRC = Path(__file__).resolve().parent.parent / "src" / "madina"


def test_help_lists_madina_s_and_django_s_commands(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    listed = capsys.readouterr().out
    for command in ["serve", "demo", "import-territory", "tour", "pb", "migrate", "createsuperuser", "db_worker",
                    "backup", "restore", "collectstatic", "changepassword", "runserver"]:
        assert command in listed, command
    assert set(get_commands()) <= set(listed.replace(",", " ").split())


def test_no_arguments_print_the_same_list(capsys):
    assert main([]) == 0
    assert "createsuperuser" in capsys.readouterr().out


def test_a_django_command_still_runs_through_madina(capsys):
    assert main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out


def options_without_help(parser: argparse.ArgumentParser, where: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                missing += options_without_help(sub, f"{where} {name}")
        elif action.help != argparse.SUPPRESS and not (action.help or "").strip():
            missing.append(f"{where}: {action.dest}")
    return missing


def our_management_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items()
            if app.startswith("madina.") and not app.startswith("madina.pb")}


def test_every_option_of_madina_s_commands_has_help():
    commands = our_management_commands()
    # Found from the files, so that a new command is checked without being named here.
    on_disk = {path.stem for path in SRC.glob("*/management/commands/*.py") if path.stem != "__init__"}
    assert set(commands) == on_disk
    missing = options_without_help(build_parser(), "madina")
    for name, app in commands.items():
        missing += options_without_help(load_command_class(app, name).create_parser("madina", name), name)
    assert not missing, missing


def test_the_check_would_see_an_option_without_help():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiet", action="store_true")
    assert options_without_help(parser, "x") == ["x: quiet"]
