"""Benchmark of the project catalogue: `.venv/bin/python bench/catalogue.py`.

Builds a throw-away test database (SQLite by default; PostgreSQL when DATABASE_URL is set: a `test_` database is
created and dropped, the configured one is never touched), imports the real territory, fills the catalogue with
1,000 then 10,000 projects spread over the 350 municipalities (one or two funding lines each), and requests
the catalogue page (first page, the last page of the small size, a filtered search), the API list (same three),
the site-wide search (/recherche/ in French and Arabic, and its API: every kind, projects on their stored folded
texts), the map points of the whole country and of one governorate's box, and the national summary. It prints the p95 time and the
number of SQL queries per request; list pages must cost the same number of queries at both sizes. Last, the
bytes of the catalogue map's first load (page and points, as project-map.js fetches them), whole country and
one governorate.
"""

from __future__ import annotations

import json
import random
import re
import sys

from djangobench import REQUESTS, test_database, timed  # first: it sets Django up

# isort: split
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from madina.projects.describe import search_text_of
from madina.projects.models import FundingLine, FundingSource, Intervention, Origin, Project, Sector, Stage
from madina.territory.importer import import_file
from madina.territory.models import Municipality

SIZES = [1_000, 10_000]
WORDS_FR = ["éclairage", "navette", "parc", "compostage", "wifi", "oasis", "irrigation", "médina", "incubateur", "logement"]
WORDS_AR = ["إنارة", "حافلة", "منتزه", "تسميد", "واحة", "ري", "مدينة", "حاضنة", "سكن", "ماء"]

LIST_PAGES = [
    ("catalogue, page 1", "/projets/", {}),
    ("catalogue, page 40", "/projets/", {"page": 40}),
    ("catalogue, search + filters", "/projets/", {"q": "oasis", "sector": "AGR", "funding": "ppp"}),
    ("API list, page 1", "/api/v1/projects", {}),
    ("API list, page 20", "/api/v1/projects", {"page": 20}),
    ("API list, search + filters", "/api/v1/projects", {"q": "واحة", "stage": "idea"}),
    ("site search, French", "/recherche/", {"q": "oasis"}),
    ("site search, Arabic", "/recherche/", {"q": "واحة"}),
    ("site search, a town's name", "/recherche/", {"q": "sfax"}),
    ("API site search", "/api/v1/search", {"q": "oasis"}),
]
OTHER_PAGES = [
    ("map points, whole country", "/projets/carte.geojson", {}),
    ("map points, Sfax box", "/projets/carte.geojson", {"bbox": "10.3,34.4,11.4,35.2"}),
    ("national summary", "/projets/synthese/", {}),
]


FIRST_LOADS = [
    ("map first load, whole country", {}),
    ("map first load, Sfax governorate", {"governorate": "sfax"}),
]


def build(total: int) -> None:
    """Projects written in bulk (the bench measures reads): each at its municipality's representative point."""
    rng = random.Random(2020)
    FundingLine.objects.all().delete()
    Project.objects.all().delete()
    municipalities = list(Municipality.objects.all())
    anchors = {m.pk: m.shape.representative_point() for m in municipalities}
    sectors = list(Sector.objects.all())
    stages = [s for s in Stage if s != Stage.MERGED]
    now = timezone.now()
    projects = []
    for i in range(total):
        municipality = rng.choice(municipalities)
        point = anchors[municipality.pk]
        k = rng.randrange(len(WORDS_FR))
        project = Project(
            title=f"{WORDS_FR[k].capitalize()} {i}", title_fr=f"{WORDS_FR[k].capitalize()} {i}",
            title_ar=f"{WORDS_AR[k]} {i}", municipality=municipality, sector=rng.choice(sectors),
            intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN, stage=rng.choice(stages),
            estimated_cost_tnd=rng.randrange(50_000, 5_000_000), created_at=now, is_demo=True,
            geometry={"type": "Point", "coordinates": [point.x, point.y]}, lon=point.x, lat=point.y,
            min_lon=point.x, max_lon=point.x, min_lat=point.y, max_lat=point.y,
        )
        project.search_text = search_text_of(project)
        projects.append(project)
    Project.objects.bulk_create(projects, batch_size=1000)
    sources = list(FundingSource.values)
    lines = [
        FundingLine(project=p, source=source, amount_tnd=rng.randrange(10_000, 1_000_000))
        for p in Project.objects.only("pk")
        for source in rng.sample(sources, rng.choice((1, 2)))
    ]
    FundingLine.objects.bulk_create(lines, batch_size=2000)


BOUNDS = re.compile(r'data-bounds="([^"]+)"')
MAP_WIDTH_PX = 1000  # the map's width on a laptop screen; the grid cell is 64 px of it


def padded(bounds: list[float], ratio: float = 0.2) -> str:
    """The box the map asks for once fitted: the bounds grown by `ratio` on every side, as Leaflet's pad(0.2)
    grows the visible area (the real view is a little larger, its shape being the screen's)."""
    west, south, east, north = bounds
    dx, dy = (east - west) * ratio, (north - south) * ratio
    return f"{west - dx},{south - dy},{east + dx},{north + dy}"


def first_load(client: Client, params: dict) -> tuple[int, int, int]:
    """Bytes the catalogue map's first view costs (page, then points), as project-map.js asks for them: the page
    gives the bounds to fit (data-bounds) and the points of that area are fetched once, with the grid size (the
    server groups a crowded area by cell); without data-bounds (the earlier page) every point of the country is
    fetched to fit the view, then those of the fitted area."""
    page = client.get("/projets/", params).content
    points = 0
    found = BOUNDS.search(page.decode())
    if found:
        bounds = [float(x) for x in found.group(1).split(",")]
    else:
        whole = client.get("/projets/carte.geojson", params).content
        points += len(whole)
        coords = [f["geometry"]["coordinates"] for f in json.loads(whole)["features"]]
        bounds = [min(c[0] for c in coords), min(c[1] for c in coords), max(c[0] for c in coords), max(c[1] for c in coords)]
    cell = 64 * (bounds[2] - bounds[0]) / MAP_WIDTH_PX
    points += len(client.get("/projets/carte.geojson", {**params, "bbox": padded(bounds), "cell": cell}).content)
    return len(page), points, len(page) + points


def main() -> int:
    with test_database():
        for name in ("governorates.geojson", "municipalities.geojson"):
            import_file(settings.DATA_DIR / "territory" / name)
        client = Client()
        print(f"database: {connection.vendor}; {REQUESTS} requests per line")
        counts: dict[str, list[int]] = {}
        for total in SIZES:
            build(total)
            print(f"\n{total:,} projects")
            for label, url, params in LIST_PAGES + OTHER_PAGES:
                p95, queries, size = timed(client, url, params)
                counts.setdefault(label, []).append(queries)
                print(f"  {label:32} p95 {p95:8.1f} ms   {queries:3d} queries   {size / 1024:8.1f} KiB")
            for label, params in FIRST_LOADS:
                page, points, both = first_load(client, params)
                print(f"  {label:32} page {page / 1024:8.1f} KiB + points {points / 1024:8.1f} KiB = {both / 1024:8.1f} KiB")
        grew = [label for label, _url, _params in LIST_PAGES if len(set(counts[label])) != 1]
        if grew:
            print(f"\nFAIL: the query count grew with the catalogue on: {', '.join(grew)}")
            return 1
        print("\nOK: list pages cost the same number of queries at every size.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
