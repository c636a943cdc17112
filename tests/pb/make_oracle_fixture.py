"""Record pabutools 1.2.3's outcomes where the oracle is slow, so the tests compare against them.

Regenerate (measured on the quiet 2-core machine: MES + Add1 on the three big files 2 to 3 minutes each and
about 5 GB of memory for Łódź 2024, --small about 3 minutes, --rules about 3 minutes, 72 s of it on Łódź 2024):
    .venv/bin/python tests/pb/make_oracle_fixture.py            # MES + Add1 on the three big files
    .venv/bin/python tests/pb/make_oracle_fixture.py --small    # MES + Add1 on every other counted file
    .venv/bin/python tests/pb/make_oracle_fixture.py --rules    # greedy, MES, Phragmén on every counted file
    .venv/bin/python tests/pb/make_oracle_fixture.py --rules FILE_STEM ...  # the same on some files only
    .venv/bin/python tests/pb/make_oracle_fixture.py FILE_STEM  # MES + Add1 on one file
It updates tests/pb/oracle_mes_add1.json (oracle_mes_add1_small.json with --small, oracle_rules.json with
--rules); test_oracle.py compares madina against them, and against live pabutools where it is quick.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data" / "pabulib"
FIXTURE = HERE / "oracle_mes_add1.json"
BIG = ("Poland_Warszawa_2020_Bialoleka", "Poland_Warszawa_2021_Bielany", "Poland_Lodz_2024")
SAT = {"cost": Cost_Sat, "approval": Cardinality_Sat, "cardinal": Additive_Cardinal_Sat}


def counted_stems() -> list[str]:
    return [path.stem for path in sorted(DATA.glob("*.pb"))
            if "vote_type;ordinal" not in path.read_text(encoding="utf-8-sig")[:4000]]


def rules_outcomes(stem: str) -> dict:
    """Greedy and MES with each satisfaction, and Phragmén (on approvals), as test_oracle.py compares them."""
    path = DATA / f"{stem}.pb"
    instance, profile = parse_pabulib(str(path))
    started = time.perf_counter()
    record: dict = {}
    cumulative = "vote_type;cumulative" in path.read_text(encoding="utf-8-sig")[:4000]
    for utility in ("cost", "approval", "cardinal") if cumulative else ("cost", "approval"):
        sat = SAT[utility]
        record[f"greedy/{utility}"] = [p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=sat)]
        if utility == "cost":  # what bench/pb.py --quick compares greedy with
            record["greedy/cost_seconds"] = round(time.perf_counter() - started, 2)
        record[f"mes/{utility}"] = [p.name for p in method_of_equal_shares(instance, profile, sat_class=sat)]
    approvals = ApprovalProfile([ApprovalBallot(ballot.keys()) for ballot in profile]) if cumulative else profile
    record["phragmen"] = sorted(p.name for p in sequential_phragmen(instance, approvals))
    record["pabutools_seconds"] = round(time.perf_counter() - started, 2)
    return record


def main(args: list[str]) -> None:
    fixture = FIXTURE
    stems = args
    if args == ["--small"]:
        fixture = HERE / "oracle_mes_add1_small.json"
        stems = [stem for stem in counted_stems() if stem not in BIG]
    if args[:1] == ["--rules"]:
        fixture = HERE / "oracle_rules.json"
        recorded = json.loads(fixture.read_text()) if args[1:] else {}
        for stem in args[1:] or counted_stems():
            recorded[stem] = rules_outcomes(stem)
            fixture.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
            print(stem, recorded[stem]["pabutools_seconds"], "s", flush=True)
        return
    recorded = json.loads(fixture.read_text()) if fixture.exists() else {}
    for stem in stems or BIG:
        instance, profile = parse_pabulib(str(DATA / f"{stem}.pb"))
        started = time.perf_counter()
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
        recorded[stem] = {
            "rule": "mes+add1", "utility": "cost", "tie_break": "lexico",
            "selected": [p.name for p in outcome],
            "pabutools_seconds": round(time.perf_counter() - started, 1),
        }
        fixture.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
        print(stem, recorded[stem]["pabutools_seconds"], "s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
