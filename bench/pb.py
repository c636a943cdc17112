"""Benchmark madina.pb against pabutools 1.2.3 on the same Pabulib files, in one run.

    .venv/bin/python bench/pb.py            # everything, pabutools included: about 10 minutes, 5 GB
    .venv/bin/python bench/pb.py --quick    # pabutools' outcomes and times recorded in tests/pb/oracle_*.json
                                            # (make_oracle_fixture.py), madina counted: about a minute

Each count runs in its own subprocess, so peak memory (ru_maxrss, parsing included) belongs to that count.
Prints, per case: file, voters, projects, rule, pabutools time, madina time, ratio, peak memory of each and
whether the outcomes are equal. Times are the rule's; imports and parsing are shown apart, for both. madina's
counts are the C ones that setup.py builds at installation where a compiler is found (`madina.pb._votes`,
`madina.pb._equal_shares`, `madina.pb._phragmen`; decision 0008): they load in a millisecond. Where they were not built, MES + Add1
loads numba (about 0.3 s, in its rule time) and plain MES and Phragmén count with numpy; a line before the table says which ran.
The same count run again in that process is shown beside it. The recorded pabutools times were taken on the
same machine with nothing else running (2026-11-26), so --quick's ratios come close to a full run's; only a
full run measures both in the same conditions.

`--targets` measures what issue 16 asks for, end to end as a person runs it (a new process for
`madina pb tally FILE --rule ... --json`, process start, imports and parsing included; pabutools likewise in
its own process): start-up (`madina pb tally --help`), numba's cold start (the certified counts compiled into
an empty cache, as on a machine without a C compiler), plain MES (cost and approval satisfaction) and Phragmén
on the largest Warsaw district file, MES + Add1 and greedy on Łódź 2024, and plain MES with points on Toulouse
2019 (no target). Each madina figure is the best of three runs (the machine is shared), and `uptime` is
printed with them.
Warszawa 2021 Mokotów and the city-wide Warszawa 2026 file that the issue names are not in data/pabulib:
Białołęka 2020 (10,756 voters, 113 projects; Mokotów: 12,933 and 98) and Łódź 2024 (66,045 voters, 163
projects; Warszawa 2026: 61,668 voters) stand in for them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "pabulib"
ORACLES = REPO / "tests" / "pb"
CASES = [
    ("Poland_Warszawa_2020_Bialoleka", "mes+add1"),
    ("Poland_Warszawa_2021_Bielany", "mes+add1"),
    ("Poland_Lodz_2024", "mes+add1"),
    ("Poland_Warszawa_2024_Wesola", "mes+add1"),
    ("France_Toulouse_2019", "mes+add1"),
    ("Netherlands_Assen_2024", "mes+add1"),
    ("Poland_Lodz_2024", "greedy"),
]


def recorded_oracle(stem: str, rule: str) -> dict | None:
    """pabutools' outcome and rule time as make_oracle_fixture.py recorded them, or None."""
    if rule == "greedy":
        found = json.loads((ORACLES / "oracle_rules.json").read_text()).get(stem)
        return found and {"selected": found["greedy/cost"], "rule_s": found["greedy/cost_seconds"]}
    for name in ("oracle_mes_add1.json", "oracle_mes_add1_small.json"):
        found = json.loads((ORACLES / name).read_text()).get(stem)
        if found:
            return {"selected": found["selected"], "rule_s": found["pabutools_seconds"]}
    return None


def child(engine: str, rule: str, path: str) -> None:
    started = time.perf_counter()
    if engine == "pabutools":
        from pabutools.election import Cost_Sat, parse_pabulib
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

        instance, profile = parse_pabulib(path)
        parsed = time.perf_counter()
        if rule == "greedy":
            outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        else:
            outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
        selected = [p.name for p in outcome]
        voters, projects = profile.num_ballots(), len(instance)
    else:
        from madina.pb import equal_shares, pabulib
        from madina.pb.greedy import greedy
        from madina.pb.mes import mes

        # numba, which Add1 imports when it first counts without the C counts: timed with the imports, as pabutools'
        if rule != "greedy" and equal_shares.compiled_counts() is None:
            import madina.pb.certified  # noqa: F401

        election = pabulib.read(path)
        parsed = time.perf_counter()
        outcome = greedy(election) if rule == "greedy" else mes(election, completion="add1")
        selected = outcome.selected
        voters, projects = len(election.ballots), len(election.projects)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    again = None
    if engine == "madina":  # the same count again in the same process: without numba's import and loading
        greedy(election) if rule == "greedy" else mes(election, completion="add1")
        again = time.perf_counter() - done
    print(json.dumps({"parse_s": parsed - started, "rule_s": done - parsed, "again_s": again, "peak_mb": peak_mb,
                      "selected": selected, "voters": voters, "projects": projects}))


def compile_counts() -> None:
    """Compile (or load from numba's cache) the certified counts that MES + Add1 uses where no C compiler built
    `madina.pb._equal_shares` at installation, on a tiny election."""
    started = time.perf_counter()
    from madina.pb import equal_shares
    from madina.pb.mes import mes
    from madina.pb.model import Ballot, Election, Project

    equal_shares._equal_shares = None  # as on a machine without a C compiler: numba counts Add1

    imported = time.perf_counter()
    election = Election({"budget": "3", "vote_type": "approval"}, (Project("a", 2), Project("b", 2)),
                        (Ballot("1", ("a",)), Ballot("2", ("a", "b"))))
    mes(election, completion="add1")
    print(json.dumps({"import_s": imported - started, "compile_s": time.perf_counter() - imported}))


PABUTOOLS_END_TO_END = """
import sys
from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
instance, profile = parse_pabulib(sys.argv[2])
rule = sys.argv[1]
if rule == "mes":
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
elif rule == "mes-approval":
    outcome = method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)
elif rule == "mes-cardinal":
    outcome = method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
elif rule == "mes+add1":
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
elif rule == "phragmen":
    outcome = sequential_phragmen(instance, profile)
else:
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
print(sorted(p.name for p in outcome))
"""
MADINA = Path(sys.executable).with_name("madina")
TARGETS = [  # (file, rule, pabutools end to end recorded when --quick, what the issue asks)
    ("Poland_Warszawa_2020_Bialoleka", "mes", None, ">= 25x"),
    ("Poland_Warszawa_2020_Bialoleka", "mes-approval", None, ">= 25x"),
    ("Poland_Warszawa_2020_Bialoleka", "phragmen", None, ">= 25x"),
    ("Poland_Lodz_2024", "mes+add1", "Poland_Lodz_2024", "<= 2.3 s, <= 250 MB"),
    ("Poland_Lodz_2024", "greedy", None, ">= 200x (rule time, table above)"),
    ("France_Toulouse_2019", "mes-cardinal", None, "none set (points, 1,494 voters)"),
]


def timed(command: list[str], env=None) -> tuple[float, float, str]:
    """Wall time, peak memory in MB (GNU time's maximum resident set) and output of one process."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=True,
                            env=env)
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stderr.strip().splitlines()[-1]) / 1024, result.stdout


def madina_command(rule: str, path: Path) -> list[str]:
    options = {"mes+add1": ["--rule", "mes", "--completion", "add1"],
               "mes-approval": ["--rule", "mes", "--utility", "approval"],
               "mes-cardinal": ["--rule", "mes", "--utility", "cardinal"]}.get(rule, ["--rule", rule])
    return [str(MADINA), "pb", "tally", str(path), *options, "--json"]


def bytecode() -> None:
    """Compile madina's modules to bytecode first, as an installation does: with PYTHONDONTWRITEBYTECODE set (as
    on these machines) every new process would otherwise compile them again from source (about 0.03 s), which
    no installed copy does (pip compiled pabutools' when it installed it)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "madina")], check=True,
                   capture_output=True)


def targets(quick: bool) -> None:
    bytecode()
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} "
          f"(uptime's 1, 5, 15 min averages) on {os.cpu_count()} cores")
    help_s = min(timed([str(MADINA), "pb", "tally", "--help"])[0] for _ in range(5))
    python_s = min(timed([sys.executable, "-c", "pass"])[0] for _ in range(5))
    print(f"start-up: `madina pb tally --help` {help_s:.3f} s (best of 5; target <= 0.1 s); Python itself "
          f"(`python -c pass`) {python_s:.3f} s in the same conditions")
    from madina.pb import equal_shares, pabulib, phragmen

    built = {"VOTES scan (_votes)": pabulib._votes is not None,
             "MES counts (_equal_shares)": equal_shares.compiled_counts() is not None,
             "Phragmén (_phragmen)": phragmen._phragmen is not None}
    print("compiled in C at installation: " + ", ".join(f"{name} {'yes' if yes else 'NO'}" for name, yes in built.items()))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        cold = timed([sys.executable, __file__, "--compile"], env=env)[0]
    print(f"cold start without the C counts: numba compiles the certified counts into an empty cache, process "
          f"included: {cold:.2f} s (target <= 10 s; once per installation; none with the C counts, compiled "
          "at installation)")
    subprocess.run([sys.executable, __file__, "--compile"], capture_output=True, check=True)  # the cache is warm
    print(f"{'file':<32} {'rule':<12} {'pabutools s':>11} {'madina s':>9} {'ratio':>7} {'pabu MB':>8} "
          f"{'madina MB':>9} equal  target")
    for stem, rule, recorded, target in TARGETS:
        path = DATA / f"{stem}.pb"
        runs = [timed(madina_command(rule, path)) for _ in range(3)]
        mine_s, mine_mb, out = min(runs)
        mine = sorted(json.loads(out)["selected"])
        if quick and recorded:
            found = recorded_oracle(recorded, rule)
            theirs_s, their_mb, theirs = found["rule_s"], "-", sorted(found["selected"])
            note = " (pabutools: recorded rule time, without its start and parsing)"
        else:
            theirs_s, mb, out = timed([sys.executable, "-c", PABUTOOLS_END_TO_END, rule, str(path)])
            their_mb, theirs, note = f"{mb:.0f}", json.loads(out.replace("'", '"')), ""
        equal = "yes" if mine == theirs else "NO"
        print(f"{stem:<32} {rule:<12} {theirs_s:>11.2f} {mine_s:>9.3f} {theirs_s / mine_s:>6.1f}x {their_mb:>8} "
              f"{mine_mb:>9.0f} {equal:<6} {target}{note}")
    print(f"load after: {os.getloadavg()[0]:.1f}")


def measure(engine: str, rule: str, path: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", engine, rule, str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="use pabutools' recorded outcomes and times instead of rerunning it")
    parser.add_argument("--targets", action="store_true",
                        help="only issue 16's targets, end to end (process start included), with the load")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "RULE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--compile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.compile:
        compile_counts()
        return 0
    if args.targets:
        targets(args.quick)
        return 0
    bytecode()
    result = subprocess.run([sys.executable, __file__, "--compile"], capture_output=True, text=True, check=True)
    warm = json.loads(result.stdout.strip().splitlines()[-1])
    from madina.pb import equal_shares

    if equal_shares.compiled_counts() is None:
        print(f"numba: madina's certified counts compiled or loaded from the cache in {warm['compile_s']:.2f} s "
              "(compiled once per installation; each count below is a new process that loads them, in its time)")
    else:
        print("madina's counts: compiled in C at installation (madina.pb._equal_shares), loaded in each new process")
    header = (f"{'file':<32} {'voters':>7} {'proj':>4} {'rule':<9} {'pabutools s':>11} {'madina s':>9} "
              f"{'ratio':>7} {'pabu MB':>8} {'madina MB':>9} equal")
    print(header)
    for stem, rule in CASES:
        path = DATA / f"{stem}.pb"
        mine = measure("madina", rule, path)
        recorded = recorded_oracle(stem, rule) if args.quick else None
        if recorded:
            theirs = recorded
            their_mb, their_parse, note = "-", "-", " (pabutools recorded)"
        else:
            theirs = measure("pabutools", rule, path)
            their_mb, their_parse, note = f"{theirs['peak_mb']:.0f}", f"{theirs['parse_s']:.2f}", ""
        ratio = theirs["rule_s"] / mine["rule_s"] if mine["rule_s"] else float("inf")
        equal = "yes" if theirs["selected"] == mine["selected"] else "NO"
        print(f"{stem:<32} {mine['voters']:>7} {mine['projects']:>4} {rule:<9} {theirs['rule_s']:>11.2f} "
              f"{mine['rule_s']:>9.3f} {ratio:>6.0f}x {their_mb:>8} {mine['peak_mb']:>9.0f} {equal}{note}")
        print(f"{'':<32} imports and parsing: pabutools {their_parse} s, madina {mine['parse_s']:.2f} s; "
              f"madina counting again in the same process {mine['again_s']:.3f} s "
              f"({theirs['rule_s'] / mine['again_s']:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
