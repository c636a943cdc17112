"""`madina pb`: count a Pabulib file with a rule, or check that published outcomes are reproduced.

Imports only the reader and the rule asked for (see madina.pb.rules): no numpy nor gmpy2 for greedy or
`--help`, numba only for MES's completions.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

from madina.pb import pabulib
from madina.pb.exact import format_number, parse_number
from madina.pb.model import UTILITIES
from madina.pb.rules import COMPLETIONS, RULES, UnknownPublishedRule, count, from_file, published_outcome
from madina.pb.ties import TIE_BREAKS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="madina pb", description="Participatory-budgeting counts (Pabulib files).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    tally = sub.add_parser("tally", help="count one election with a rule",
                           description="Count one election of a Pabulib file with a rule, exactly.")
    tally.add_argument("file", help="a Pabulib .pb file")
    tally.add_argument("--rule", choices=RULES, default="mes",
                       help="greedy (by votes per cost), greedy-no-skip (stops at the first that does not fit), "
                            "mes (Method of Equal Shares), phragmen (sequential Phragmén), max-welfare (exact "
                            "knapsack), from-file (the rule the file's META declares); default: %(default)s")
    tally.add_argument("--utility", choices=UTILITIES, default="cost",
                       help="a voter's satisfaction from a project they voted for: its cost, 1 (approval) or "
                            "the points given (cardinal); default: %(default)s")
    tally.add_argument("--completion", choices=COMPLETIONS, default="none",
                       help="MES: add1 raises each voter's budget by 1 until the outcome is exhaustive (as "
                            "pabutools), add1-max while it still fits, add1u then fills up with greedy; "
                            "default: %(default)s")
    tally.add_argument("--comparison", action="store_true", help="MES: keep greedy's outcome if more voters prefer it")
    tally.add_argument("--tie-break", choices=TIE_BREAKS, default=None,
                       help="which of equally good projects goes first: lexico (ids in string order, as pabutools) or "
                            "lowest-cost (cheapest, then most votes); default: lexico; for --rule from-file the "
                            "file's META tie_break, else lowest-cost (as organisers count)")
    tally.add_argument("--min-score", type=str, default=None, metavar="N",
                       help="greedy: projects with fewer than N votes are not eligible")
    tally.add_argument("--strict", action="store_true",
                       help="refuse a file whose META num_votes or num_projects disagrees with its sections "
                            "(otherwise a warning)")
    tally.add_argument("--json", action="store_true", help="print one JSON object")
    tally.add_argument("--explain", action="store_true", help="show the rounds and why projects were not chosen")
    verify = sub.add_parser("verify", help="reproduce the published outcome of each file (META rule)",
                            description="Count each file with the rule its META declares and compare with its "
                                        "selected column; say what differs.")
    verify.add_argument("files", nargs="+", metavar="FILE", help="Pabulib .pb files with a selected column")
    verify.add_argument("--tie-break", choices=TIE_BREAKS, default=None,
                        help="which of equally good projects goes first; default: each file's META tie_break, "
                             "else lowest-cost (as organisers count)")
    verify.add_argument("--strict", action="store_true",
                        help="refuse files whose META counts disagree with their sections")
    return parser


def _progress(stream):
    if not stream.isatty():
        return None

    def show(b):
        stream.write(f"\r  counting with {float(b):.2f} per voter...")
        stream.flush()

    return show


def _tally(args) -> int:
    if args.tie_break is None and args.rule != "from-file":  # from-file: the file's META tie_break, or lowest-cost
        args.tie_break = "lexico"
    try:
        gc.disable()  # reading makes no cycles, but its many new objects would set the collector off again and
        try:  # again (a third of the reading time on Łódź 2024); the election lives until the end: frozen
            election = pabulib.read(args.file, strict=args.strict)
        finally:
            gc.freeze()
            gc.enable()
        for warning in election.warnings:
            print(f"madina pb: warning: {warning}", file=sys.stderr)
        min_score = None if args.min_score is None else parse_number(args.min_score)
        outcome = count(election, args.rule, utility=args.utility, completion=args.completion,
                        comparison=args.comparison, tie_break=args.tie_break, min_score=min_score,
                        progress=_progress(sys.stderr), explain=args.explain)
    except (OSError, ValueError) as exc:
        print(f"madina pb: {exc}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    data = outcome.as_dict()
    data["warnings"] = list(election.warnings)
    published = published_outcome(election)
    if args.rule == "from-file" and published is not None:
        data["matches_published"] = set(outcome.selected) == published
    if args.json:
        if not args.explain:
            data.pop("rounds")
        print(json.dumps(data, ensure_ascii=False))
        return 0
    by_id = election.project_by_id
    print(f"{election.name}: {len(election.ballots)} voters, {len(by_id)} projects, "
          f"budget {format_number(election.budget)}")
    print(f"rule {outcome.rule}: {len(outcome.selected)} projects, cost {format_number(outcome.cost)}")
    width = max((len(pid) for pid in by_id), default=2)
    print(f"  {'#':>3}  {'project':<{width}}  {'cost':>12}  {'votes':>8}  name")
    for rank, pid in enumerate(outcome.selected, 1):
        project = by_id[pid]
        print(f"  {rank:>3}  {pid:<{width}}  {format_number(project.cost):>12}  "
              f"{format_number(election.scores[pid]):>8}  {project.name[:60]}")
    for tie in outcome.ties:
        print(f"tie at {tie.step}: {', '.join(tie.candidates)} -> {tie.chosen} ({tie.tie_break})")
    if "matches_published" in data:
        print("matches the published outcome" if data["matches_published"] else "DIFFERS from the published outcome")
    if args.explain:
        for number, step in enumerate(outcome.rounds, 1):
            print(f"round {number}: {step.project}, {float(step.effective_votes):.1f} effective votes, "
                  f"{float(step.price):.2f} per supporter")
        for pid, reason in outcome.reasons.items():
            print(f"not chosen {pid}: {reason}")
    return 0


def _verify(args) -> int:
    matched = differed = skipped = 0
    for path in args.files:
        try:
            election = pabulib.read(path, strict=args.strict)
            for warning in election.warnings:
                print(f"madina pb: warning: {path}: {warning}", file=sys.stderr)
            published = published_outcome(election)
            if published is None:
                raise UnknownPublishedRule("no selected column")
            outcome = from_file(election, tie_break=args.tie_break, progress=_progress(sys.stderr))
        except UnknownPublishedRule as exc:
            skipped += 1
            print(f"SKIP   {path}: {exc}")
            continue
        except (OSError, ValueError) as exc:
            skipped += 1
            print(f"ERROR  {path}: {exc}")
            continue
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
        rule = election.meta.get("rule")
        if set(outcome.selected) == published:
            matched += 1
            print(f"MATCH  {path}: {rule}, {len(published)} projects")
        else:
            differed += 1
            extra = sorted(set(outcome.selected) - published)
            missing = sorted(published - set(outcome.selected))
            print(f"DIFFER {path}: {rule}, counted but not published {extra}, published but not counted {missing}")
            from madina.pb.departure import first_departure

            print(f"       first departure from the rule: {first_departure(election, outcome, published)}")
    print(f"{matched} reproduced, {differed} differ, {skipped} not reproducible")
    return 1 if differed else 0


def main(argv: list[str] | None = None) -> int:
    # numpy's OpenBLAS starts a thread per core when it loads (0.1 s on two cores, more on big machines); the
    # counts make no product large enough to share among threads. Set before any rule imports numpy.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    args = _parser().parse_args(argv)
    return _tally(args) if args.command == "tally" else _verify(args)
