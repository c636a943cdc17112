"""The `madina` command. The pure cores (tour, pb) run without Django; everything else is a Django command.

`madina serve`, `madina demo`, `madina import-territory FILE` are ours; `madina tour ...` and `madina pb ...`
belong to the cores; any other word is handed to Django's manage.py (migrate, createsuperuser, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap


class Misconfigured(Exception):
    """A setting is missing or wrong: said in one line, without a traceback."""


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madina.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise Misconfigured(str(exc)) from None


def _serve(args) -> int:
    if args.production:
        _django()
        from madina import server

        server.serve(args.host, args.port, args.workers or server.default_workers(), args.threads or server.THREADS)
        return 0
    if args.workers or args.threads:
        raise Misconfigured("--workers and --threads go with --production (the development server has neither).")
    _django()
    from django.core.management import call_command

    call_command("runserver", f"{args.host}:{args.port}", use_reloader=not args.no_reload)
    return 0


def _demo(args) -> int:
    _django()
    from madina import demo

    demo.load(verbosity=1 if not args.quiet else 0)
    return 0


def _import_territory(args) -> int:
    _django()
    from madina.territory.importer import TerritoryImportError, import_file

    try:
        report = import_file(args.file)
    except TerritoryImportError as exc:
        print(f"madina import-territory: {exc}", file=sys.stderr)
        return 2
    print(report)
    return 0


def _indicators(args) -> int:
    _django()
    if args.action == "compute":
        from madina.indicators.runs import compute_all

        run = compute_all()
        print(f"{run.values_written} computed value(s) written")
        return 0
    from madina.indicators.importer import IndicatorImportError, import_file

    try:
        report = import_file(args.file)
    except IndicatorImportError as exc:
        for problem in exc.problems:
            print(f"madina indicators import: {args.file}: {problem}", file=sys.stderr)
        return 2
    print(report)
    return 0


def _positive(text: str) -> int:
    from madina.core.text import whole_number

    number = whole_number(text)
    if number is None or not 1 <= number <= 256:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to 256, not {text!r}")
    return number


def _port(text: str) -> int:
    from madina.core.text import whole_number

    number = whole_number(text)
    if number is None or not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"a port from 1 to 65535, not {text!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except Misconfigured as exc:
        print(f"madina: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`madina pb tally ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exiting flushes nowhere
        return 1


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "tour":
        from madina.tour.cli import main as tour_main

        return tour_main(argv[1:])
    if argv and argv[0] == "pb":
        from madina.pb.cli import main as pb_main

        return pb_main(argv[1:])

    parser = build_parser()
    if argv and argv[0] not in parser.commands and not argv[0].startswith("-"):
        _django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["madina", *argv])
        return 0
    if not argv or argv[0] in ("-h", "--help"):
        parser.epilog = _django_commands()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


def build_parser() -> argparse.ArgumentParser:
    """Madina's own commands; `commands` names them, so that any other word goes to Django."""
    parser = argparse.ArgumentParser(
        prog="madina", description="Madina, smart and sustainable cities of Tunisia.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("serve", help="serve the site (the development server, or gunicorn with --production)")
    p.add_argument("--port", type=_port, default=os.environ.get("PORT", "8000"),
                   help="port to listen on (default: $PORT, else 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1: behind nginx)")
    p.add_argument("--no-reload", action="store_true", help="do not restart when the code changes")
    p.add_argument("--production", action="store_true", help="serve with gunicorn, the production server")
    p.add_argument("--workers", type=_positive, help="worker processes (--production; default: two per core)")
    p.add_argument("--threads", type=_positive, help="threads per worker (--production; default: 4)")
    p.set_defaults(func=_serve)
    p = sub.add_parser(
        "demo", help="load the territory, the demo perimeters and the 2020 caravan (idempotent)"
    )
    p.add_argument("--quiet", action="store_true", help="print nothing (the default tells what was loaded)")
    p.set_defaults(func=_demo)
    p = sub.add_parser("import-territory", help="import governorates or municipalities from a GeoJSON file")
    p.add_argument("file", help="a GeoJSON file of governorates or municipalities (data/territory/ has both)")
    p.set_defaults(func=_import_territory)
    p = sub.add_parser("indicators", help="import indicator values (CSV, XLSX) or compute Madina's own")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    action = actions.add_parser("import", help="import values from FILE (all or nothing; exit code 2 on a bad file)")
    action.add_argument("file", help="a CSV or XLSX file of indicator values")
    actions.add_parser("compute", help="compute this year's values of Madina's own indicators (nightly timer)")
    p.set_defaults(func=_indicators)
    sub.add_parser("tour", help="plan caravan tours (madina tour --help)")
    sub.add_parser("pb", help="count participatory budgets (madina pb --help)")
    parser.commands = set(sub.choices)
    return parser


def _django_commands() -> str:
    """Every other command `madina` hands to Django (its own, the libraries', the apps'), by where it comes from,
    for `madina --help`: migrate, createsuperuser, db_worker... are one word away and should be seen."""
    try:
        _django()
    except Misconfigured as exc:
        return f"Django's commands (migrate, createsuperuser, ...) are listed once the settings load: {exc}"
    from django.core.management import get_commands

    by_source: dict[str, list[str]] = {}
    for name, app in get_commands().items():
        by_source.setdefault(app.removeprefix("django.contrib.").removeprefix("django.core"), []).append(name)
    lines = ["Django's commands (madina COMMAND --help says more of each):"]
    for source in sorted(by_source, key=lambda s: (s != "", s)):
        lines.append(f"  {source or 'django'}:")
        lines.extend(textwrap.wrap(", ".join(sorted(by_source[source])), 100,
                                   initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
