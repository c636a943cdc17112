"""Record pabutools 1.2.3's MES + Add1 outcomes for the big Pabulib files, where the oracle needs minutes.

Regenerate (takes a long time: about 40 minutes for the three big files, 5 for the others):
    .venv/bin/python tests/pb/make_oracle_fixture.py            # the three big files
    .venv/bin/python tests/pb/make_oracle_fixture.py --small    # every other approval/choose-1/cumulative file
    .venv/bin/python tests/pb/make_oracle_fixture.py FILE_STEM  # one file
It updates tests/pb/oracle_mes_add1.json (or oracle_mes_add1_small.json with --small); test_oracle.py compares
madina against them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data" / "pabulib"
FIXTURE = HERE / "oracle_mes_add1.json"
BIG = ("Poland_Warszawa_2020_Bialoleka", "Poland_Warszawa_2021_Bielany", "Poland_Lodz_2024")


def main(stems: list[str]) -> None:
    fixture = FIXTURE
    if stems == ["--small"]:
        fixture = HERE / "oracle_mes_add1_small.json"
        stems = []
        for path in sorted(DATA.glob("*.pb")):
            head = path.read_text(encoding="utf-8-sig")[:4000]
            if path.stem not in BIG and "vote_type;ordinal" not in head:
                stems.append(path.stem)
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
