"""Benchmark of the indicators: `.venv/bin/python bench/indicators.py [--years N]`.

Builds a throw-away test database (SQLite by default; PostgreSQL when DATABASE_URL is set: a `test_` database is
created and dropped, the configured one is never touched), imports the real territory, then:
1. a small file (20 municipalities, the three dashboards' among them, x 5 indicators x 1 year) and the pages'
   p95 and SQL queries;
2. a file of 350 municipalities x 90 indicators x N years (10: 315,000 lines) imported as an operator does it
   (`madina indicators import FILE`, its own process on the bench's database), timed, with that process's peak
   memory; the same file again (nothing changes);
3. the same pages again: the indicator map (municipalities, latest year), three municipalities' dashboards (one
   per population class, so that each computes its peer medians once) and the national dashboard. The query
   counts must equal those of step 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time

from djangobench import test_database, timed  # first: it sets Django up

# isort: split
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from madina.indicators.importer import import_file
from madina.indicators.models import Framework, Indicator, Value
from madina.territory.importer import import_file as import_territory
from madina.territory.models import Municipality


def write_file(path, slugs, codes, years) -> int:
    rng = random.Random(2020)
    lines = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["municipality", "indicator", "year", "value", "source", "confidence"])
        for slug in slugs:
            for code in codes:
                for year in years:
                    out.writerow([slug, code, year, round(rng.uniform(0, 100), 2), "INS", "measured"])
                    lines += 1
    return lines


def pages(client, municipalities) -> list[tuple[str, str]]:
    return [
        ("indicator map, municipalities", "/indicateurs/EC:I:ES:3C/"),
        ("indicator map, governorates", "/indicateurs/EC:I:ES:3C/?level=governorate"),
        *[(f"dashboard {m.slug} ({m.population:,} inh.)", f"/indicateurs/municipalites/{m.slug}/") for m in municipalities],
        ("national dashboard", "/indicateurs/"),
    ]


def measure(client, municipalities) -> dict[str, int]:
    counts = {}
    for label, url in pages(client, municipalities):
        p95, queries, size = timed(client, url)
        counts[label] = queries
        print(f"  {label:45} p95 {p95:7.1f} ms  {queries:2} queries  {size / 1024:7.1f} KiB")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with test_database(on_disk=True):
        for name in ("governorates.geojson", "municipalities.geojson"):
            import_territory(settings.DATA_DIR / "territory" / name)
        slugs = sorted(Municipality.objects.values_list("slug", flat=True))
        codes = sorted(Indicator.objects.filter(framework=Framework.U4SSC).values_list("code", flat=True))
        by_size = sorted(Municipality.objects.filter(population__gt=0), key=lambda m: m.population)
        chosen = [by_size[len(by_size) // 10], by_size[len(by_size) // 2], by_size[-3]]
        client = Client()
        folder = settings.VAR_DIR
        print(f"{connection_vendor()}: {len(slugs)} municipalities, {len(codes)} indicators")

        some = [m.slug for m in chosen] + [slug for slug in slugs[:20] if slug not in {m.slug for m in chosen}]
        write_file(folder / "small.csv", some[:20], ["EC:I:ES:3C", *codes[:4]], [2024])
        import_file(folder / "small.csv")
        print("small data (20 municipalities, 5 indicators, 1 year):")
        small = measure(client, chosen)

        years = list(range(2025 - args.years, 2025))
        lines = write_file(folder / "big.csv", slugs, codes, years)
        took, report = import_as_operator(folder / "big.csv")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"import {lines:,} lines: {took:.1f} s ({report}); peak memory of the import process {peak:.0f} MB")
        took, again = import_as_operator(folder / "big.csv")
        print(f"same file again: {took:.1f} s ({again})")
        print(f"{Value.objects.count():,} values stored")
        cache.clear()
        print(f"full data ({args.years} years):")
        full = measure(client, chosen)
        grown = {label: (small[label], full[label]) for label in small if full[label] != small[label]}
        if grown:
            print(f"query counts changed with the data: {grown}")
            return 1
    return 0


def import_as_operator(path) -> tuple[float, str]:
    """`madina indicators import FILE` in its own process on this bench's database: seconds and what it said."""
    db = connection.settings_dict
    url = (f"sqlite:///{db['NAME']}" if connection.vendor == "sqlite"
           else f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "madina.cli", "indicators", "import", str(path)],
                          env=os.environ | {"DATABASE_URL": url}, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"madina indicators import failed ({done.returncode}): {done.stderr}")
    return took, done.stdout.strip().splitlines()[-1]


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    sys.exit(main())
