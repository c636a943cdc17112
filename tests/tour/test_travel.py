"""Travel times: great-circle, a given matrix, a routing server (a stub on the loopback), no leg over the sea."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from madina.tour.io import parse_instance
from madina.tour.solve import solve
from madina.tour.travel import Network, TravelError


def _raw(travel):
    return {
        "stops": [{"id": "a", "lat": 34.74, "lon": 10.76}, {"id": "b", "lat": 34.80, "lon": 10.76},
                  {"id": "k", "lat": 34.74, "lon": 11.2, "land": "island"}],
        "day": {"start": "08:00", "end": "19:00", "max_drive": "5:00"},
        "teams": [{"id": "t", "from": "2026-03-02", "to": "2026-03-04"}],
        "links": [{"id": "bac", "minutes": 60, "a": {"id": "port", "lat": 34.728, "lon": 10.757,
                                                      "departures": ["12:30"]},
                   "b": {"id": "quay", "lat": 34.655, "lon": 10.972, "land": "island"}}],
        "travel": travel,
    }


def test_legs_to_an_island_go_through_the_ferry_and_wait_for_it():
    network = Network(parse_instance(_raw({"kind": "great-circle"})))
    a, k = network.index["a"], network.index["k"]
    assert network.ferry[a, k] == 60 and network.crosses(a, k)[0].id == "bac"
    arrival, drive, events = network.leg(a, k, 480)
    assert [e.kind for e in events] == ["drive", "wait", "ferry", "drive"]
    assert events[2].start == 750 and arrival == 750 + 60 + events[3].drive
    assert drive == events[0].drive + events[3].drive


def test_a_given_matrix_is_used():
    points = ["a", "b", "k", "port", "quay"]
    minutes = [[0, 7, 0, 3, 0], [7, 0, 0, 9, 0], [0, 0, 0, 0, 11], [3, 9, 0, 0, 0], [0, 0, 11, 0, 0]]
    network = Network(parse_instance(_raw({"kind": "matrix", "points": points, "minutes": minutes})))
    a, b, k = (network.index[x] for x in "abk")
    assert network.drive[a, b] == 7 and network.drive[a, k] == 3 + 11


class _OSRM(BaseHTTPRequestHandler):
    calls = 0

    def do_GET(self):
        type(self).calls += 1
        coords = self.path.split("/")[-1].split("?")[0].split(";")
        body = {"code": "Ok", "durations": [[600.0 * abs(i - j) for j in range(len(coords))]
                                            for i in range(len(coords))]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), _OSRM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_routing_server_is_asked_once_per_land_then_cached(osrm, tmp_path):
    instance = parse_instance(_raw({"kind": "osrm", "url": osrm, "cache": str(tmp_path)}))
    _OSRM.calls = 0
    first = Network(instance)
    assert _OSRM.calls == 2  # mainland and island, never across the sea
    second = Network(instance)
    assert _OSRM.calls == 2 and (first.drive == second.drive).all()
    assert first.drive[first.index["a"], first.index["b"]] == 10
    assert solve(instance).feasible


def test_a_routing_server_that_is_down_is_reported(tmp_path):
    instance = parse_instance(_raw({"kind": "osrm", "url": "http://127.0.0.1:9", "cache": str(tmp_path)}))
    with pytest.raises(TravelError, match="routing server"):
        Network(instance)


def test_an_island_without_a_link_is_explained():
    raw = _raw({"kind": "great-circle"})
    raw["links"] = []
    plan = solve(parse_instance(raw))
    assert not plan.feasible and plan.problems[0].constraint == "link" and plan.problems[0].stop == "k"


class _Valhalla(BaseHTTPRequestHandler):
    bodies: list = []
    broken = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).bodies.append(body)
        places = body["sources"]
        table = [[{"time": 60.0 * 7 * abs(i - j)} for j in range(len(places))] for i in range(len(places))]
        data = json.dumps({"oops": 1} if self.broken else {"sources_to_targets": table}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def valhalla():
    server = HTTPServer(("127.0.0.1", 0), _Valhalla)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Valhalla.bodies, _Valhalla.broken = [], False
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_valhalla_is_asked_per_land_with_its_costing_then_cached(valhalla, tmp_path):
    instance = parse_instance(_raw({"kind": "valhalla", "url": valhalla, "profile": "truck", "cache": str(tmp_path)}))
    first = Network(instance)
    assert len(_Valhalla.bodies) == 2 and {b["costing"] for b in _Valhalla.bodies} == {"truck"}
    assert first.drive[first.index["a"], first.index["b"]] == 7
    Network(instance)
    assert len(_Valhalla.bodies) == 2  # the second network reads the cache


def test_valhalla_answering_nonsense_is_reported(valhalla, tmp_path):
    _Valhalla.broken = True
    instance = parse_instance(_raw({"kind": "valhalla", "url": valhalla, "cache": str(tmp_path)}))
    with pytest.raises(TravelError, match="sources_to_targets"):
        Network(instance)
