"""`madina pb`: count a Pabulib file with a rule, or check that published outcomes are reproduced."""

from __future__ import annotations

import argparse
import json
import sys

from madina.pb import pabulib
from madina.pb.exact import format_number, parse_number
from madina.pb.mes import COMPLETIONS
from madina.pb.model import UTILITIES
from madina.pb.rules import RULES, UnknownPublishedRule, count, from_file, published_outcome
from madina.pb.ties import TIE_BREAKS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="madina pb", description="Participatory-budgeting counts (Pabulib files).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    tally = sub.add_parser("tally", help="count one election with a rule")
    tally.add_argument("file", help="a Pabulib .pb file")
    tally.add_argument("--rule", choices=RULES, default="mes")
    tally.add_argument("--utility", choices=UTILITIES, default="cost")
    tally.add_argument("--completion", choices=COMPLETIONS, default="none")
    tally.add_argument("--comparison", action="store_true", help="MES: keep greedy's outcome if more voters prefer it")
    tally.add_argument("--tie-break", choices=TIE_BREAKS, default=None,
                       help="default: lexico (pabutools); lowest-cost for --rule from-file (as organisers count)")
    tally.add_argument("--min-score", type=str, default=None, help="greedy: minimum vote count to be eligible")
    tally.add_argument("--json", action="store_true", help="print one JSON object")
    tally.add_argument("--explain", action="store_true", help="show the rounds and why projects were not chosen")
    verify = sub.add_parser("verify", help="reproduce the published outcome of each file (META rule)")
    verify.add_argument("files", nargs="+")
    verify.add_argument("--tie-break", choices=TIE_BREAKS, default="lowest-cost")
    return parser


def _progress(stream):
    if not stream.isatty():
        return None

    def show(b):
        stream.write(f"\r  counting with {float(b):.2f} per voter...")
        stream.flush()

    return show


def _tally(args) -> int:
    if args.tie_break is None:
        args.tie_break = "lowest-cost" if args.rule == "from-file" else "lexico"
    try:
        election = pabulib.read(args.file)
        min_score = None if args.min_score is None else parse_number(args.min_score)
        outcome = count(election, args.rule, utility=args.utility, completion=args.completion,
                        comparison=args.comparison, tie_break=args.tie_break, min_score=min_score,
                        progress=_progress(sys.stderr))
    except (OSError, ValueError) as exc:
        print(f"madina pb: {exc}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    data = outcome.as_dict()
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
            election = pabulib.read(path)
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
    print(f"{matched} reproduced, {differed} differ, {skipped} not reproducible")
    return 1 if differed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return _tally(args) if args.command == "tally" else _verify(args)
