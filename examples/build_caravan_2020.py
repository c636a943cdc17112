"""Build examples/caravan-2020.json from data/caravan/caravan-2020.csv (run from anywhere; rewrites the file).

The 2020 edition: 20 stops from Sbeïtla to Sakiet Eddaier, 9-16 March 2020, 3 h sessions, working day
08:00-19:00, at most 5 h of driving a day. Kerkennah is an island reached by the Sfax - Sidi Youssef car ferry
(about an hour; the departures reported in notices, not a full timetable). Drive times: great-circle distance
x 1.25 (road/straight-line ratio inland 1.2-1.3) at 70 km/h. After the last session the caravan may drive on in the evening to the next city (at most 2 h,
arriving by 22:00, counted in the day's 5 h). Sources: data/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "caravan" / "caravan-2020.csv"
TARGET = REPO / "examples" / "caravan-2020.json"


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def build() -> dict:
    with SOURCE.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["order_2020"]))
    stops = []
    for row in rows:
        stop = {"id": slug(row["name_fr"]), "name": row["name_fr"], "name_ar": row["name_ar"],
                "lat": float(row["lat"]), "lon": float(row["lon"])}
        if row["name_fr"] == "Kerkennah":
            stop["land"] = "kerkennah"
        stops.append(stop)
    return {
        "format": "madina-tour/1",
        "name": "Caravane Tunisian Smart Cities 2020",
        "announced_order": [stop["id"] for stop in stops],
        "session": "3:00",
        "day": {"start": "08:00", "end": "19:00", "max_drive": "5:00",
                "evening": {"max_drive": "2:00", "latest_arrival": "22:00"}},
        "start": stops[0]["id"],
        "end": stops[-1]["id"],
        "teams": [{"id": "caravane", "name": "Caravane 2020", "from": "2020-03-09", "to": "2020-03-16"}],
        "links": [
            {
                "id": "bac-kerkennah",
                "name": "Bac Sfax - Sidi Youssef",
                "kind": "ferry",
                "minutes": 60,
                "a": {"id": "port-sfax", "name": "Port de Sfax (bac)", "lat": 34.7282, "lon": 10.7570,
                      "land": "mainland", "departures": ["04:15", "12:30", "14:30", "20:00"]},
                "b": {"id": "sidi-youssef", "name": "Sidi Youssef", "lat": 34.655, "lon": 10.972,
                      "land": "kerkennah", "departures": ["06:00", "14:30", "16:00", "21:45"]},
            }
        ],
        "travel": {"kind": "great-circle", "circuity": 1.25, "speed_kmh": 70},
        "stops": stops,
    }


if __name__ == "__main__":
    TARGET.write_text(json.dumps(build(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")
