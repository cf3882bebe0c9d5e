"""Live barrier reports on the real Meguro graph: they reroute at once, persist and expire."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from api import crud
from api.core.config import Settings
from api.main import create_app
from api.models import BarrierReport
from routing.profiles import PROFILES
from routing.reports import edges_closed_by

# The park route used throughout: a wheelchair goes round (629 m), a pedestrian takes three
# flights of steps (370 m).
ORIGIN, DESTINATION = (35.6247, 139.6632), (35.6259, 139.6610)
WHEELCHAIR_M, PEDESTRIAN_M = 629.1, 369.8
# Inside the service area, in a park lawn 59 m from the nearest way.
LAWN = (35.6258, 139.6639)
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'reports.sqlite'}"


@pytest.fixture
def fresh_router(meguro_router):
    """The shared Meguro router, with every report lifted again after the test."""
    meguro_router.set_reported({})
    yield meguro_router
    meguro_router.set_reported({})


def open_client(url: str, router) -> TestClient:
    return TestClient(create_app(Settings(database_url=url), router))


@pytest.fixture
def client(db_url, fresh_router) -> Iterator[TestClient]:
    with open_client(db_url, fresh_router) as c:
        yield c


def latlon(point: tuple[float, float]) -> str:
    return f"{point[0]},{point[1]}"


def route(client: TestClient, profile: str) -> dict:
    response = client.get(
        "/route",
        params={"from": latlon(ORIGIN), "to": latlon(DESTINATION), "profile": profile},
    )
    assert response.status_code == 200, response.text
    return response.json()


def longest_segment(client: TestClient, profile: str) -> list[list[float]]:
    """The coordinates of the longest segment of the park route for a profile."""
    segments = [
        f for f in route(client, profile)["features"] if f["properties"]["kind"] == "segment"
    ]
    best = max(segments, key=lambda f: f["properties"]["length_m"])
    return best["geometry"]["coordinates"]


def stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(BarrierReport)).scalar_one())
    finally:
        engine.dispose()


def construction_on(line: list[list[float]], **extra) -> dict:
    return {
        "kind": "construction",
        "geometry": {"type": "LineString", "coordinates": line},
        **extra,
    }


def test_the_park_route_before_any_report(client):
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(
        WHEELCHAIR_M, abs=0.2
    )
    walk = route(client, "pedestrian")["properties"]
    assert walk["distance_m"] == pytest.approx(PEDESTRIAN_M, abs=0.2)
    assert walk["steps_used"] == 3


def test_construction_on_the_route_reroutes_at_once_and_delete_restores(client, fresh_router):
    line = longest_segment(client, "wheelchair")
    created = client.post("/barriers", json=construction_on(line, note="sidewalk dug up"))
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["properties"]["kind"] == "construction"
    assert report["properties"]["affects"] == list(PROFILES)
    assert report["properties"]["note"] == "sidewalk dug up"
    assert report["properties"]["closed_ways"] == 1
    assert report["properties"]["closed_length_m"] == pytest.approx(145.2, abs=0.5)

    # The new route avoids every closed edge and is longer.
    closed = set(edges_closed_by(fresh_router, _shape(line), "construction").tolist())
    assert len(closed) == 2  # the way, both directions
    detour = fresh_router.route(ORIGIN, DESTINATION, PROFILES["wheelchair"])
    assert not closed & {s.edge for s in detour.segments}
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(
        detour.distance_m, abs=0.1
    )
    assert detour.distance_m == pytest.approx(638.5, abs=0.5)
    # The pedestrian route never used that way.
    assert route(client, "pedestrian")["properties"]["distance_m"] == pytest.approx(
        PEDESTRIAN_M, abs=0.2
    )

    assert client.delete(f"/barriers/{report['id']}").status_code == 204
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(
        WHEELCHAIR_M, abs=0.2
    )
    assert client.get("/barriers").json()["features"] == []


def test_parked_bicycles_stop_wheels_but_not_feet(client):
    line = longest_segment(client, "pedestrian")
    created = client.post(
        "/barriers",
        json={"kind": "parked_bicycles", "geometry": {"type": "LineString", "coordinates": line}},
    )
    assert created.status_code == 201, created.text
    assert "pedestrian" not in created.json()["properties"]["affects"]
    walk = route(client, "pedestrian")["properties"]
    assert walk["distance_m"] == pytest.approx(PEDESTRIAN_M, abs=0.2)
    assert walk["steps_used"] == 3

    construction = client.post("/barriers", json=construction_on(line))
    assert construction.status_code == 201
    walk = route(client, "pedestrian")["properties"]
    assert walk["distance_m"] > PEDESTRIAN_M + 1


def test_a_point_closes_the_way_it_lies_on(client, fresh_router):
    # A point 5 m beside the middle of the wheelchair route's longest way.
    line = _shape(longest_segment(client, "wheelchair"))
    mid = line.interpolate(0.5, normalized=True)
    lat, lon = mid.y + 5 / 110_574.0, mid.x
    created = client.post("/barriers", json={"kind": "flooding", "lat": lat, "lon": lon})
    assert created.status_code == 201, created.text
    props = created.json()["properties"]
    assert created.json()["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    assert props["closed_ways"] == 1
    assert props["closed_length_m"] == pytest.approx(145.2, abs=0.5)
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(638.5, abs=0.5)


def test_reports_survive_a_restart(db_url, fresh_router):
    with open_client(db_url, fresh_router) as first:
        line = longest_segment(first, "wheelchair")
        report_id = first.post("/barriers", json=construction_on(line)).json()["id"]
    fresh_router.set_reported({})  # as after a restart: nothing applied yet

    with open_client(db_url, fresh_router) as second:
        assert route(second, "wheelchair")["properties"]["distance_m"] == pytest.approx(
            638.5, abs=0.5
        )
        listed = second.get("/barriers").json()
        assert [f["id"] for f in listed["features"]] == [report_id]
        assert listed["features"][0]["geometry"]["coordinates"] == line


def test_expire_now_reopens_and_keeps_the_record(client, db_url):
    line = longest_segment(client, "wheelchair")
    report_id = client.post("/barriers", json=construction_on(line)).json()["id"]

    expired = client.post(f"/barriers/{report_id}/expire")
    assert expired.status_code == 200
    assert expired.json()["properties"]["active"] is False
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(
        WHEELCHAIR_M, abs=0.2
    )
    assert client.get("/barriers").json()["features"] == []
    everything = client.get("/barriers", params={"include_expired": True}).json()["features"]
    assert [f["id"] for f in everything] == [report_id]
    assert stored(db_url) == 1


def test_an_expiry_passing_reopens_without_a_restart(client, monkeypatch):
    line = longest_segment(client, "wheelchair")
    expires = datetime.now(UTC) + timedelta(hours=2)
    created = client.post(
        "/barriers", json=construction_on(line, expires_at=expires.isoformat())
    ).json()
    assert created["properties"]["expires_at"] == expires.isoformat()
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(638.5, abs=0.5)

    monkeypatch.setattr(crud, "utcnow", lambda: expires + timedelta(seconds=1))
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(
        WHEELCHAIR_M, abs=0.2
    )
    assert client.get("/barriers").json()["features"] == []


def test_patch_extends_or_ends_a_report(client):
    line = longest_segment(client, "wheelchair")
    soon = datetime.now(UTC) + timedelta(minutes=30)
    report_id = client.post(
        "/barriers", json=construction_on(line, expires_at=soon.isoformat())
    ).json()["id"]

    later = datetime(2099, 1, 1, 9, tzinfo=UTC)
    patched = client.patch(
        f"/barriers/{report_id}", json={"expires_at": "2099-01-01T18:00:00+09:00", "note": "x"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["expires_at"] == later.isoformat()
    assert patched.json()["properties"]["note"] == "x"

    past = client.patch(f"/barriers/{report_id}", json={"expires_at": "2001-01-01T00:00:00Z"})
    assert past.status_code == 422
    assert "in the past" in past.text
    assert route(client, "wheelchair")["properties"]["distance_m"] == pytest.approx(638.5, abs=0.5)


def test_unknown_ids_are_404(client):
    assert client.delete("/barriers/999").status_code == 404
    assert client.post("/barriers/999/expire").status_code == 404
    missing = client.get("/barriers/999")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no barrier report with id 999"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            {
                "kind": "construction",
                "geometry": {"type": "LineString", "coordinates": [[139.66, 35.62]]},
            },
            "needs at least two positions",
        ),
        (
            {
                "kind": "construction",
                "geometry": {"type": "LineString", "coordinates": [[139.66, 35.62]] * 2},
            },
            "two different positions",
        ),
        (
            {"kind": "construction", "geometry": {"type": "Point", "coordinates": [35.62, 139.66]}},
            "[lon, lat]",
        ),
        ({"kind": "construction", "lat": 35.62, "lon": 200.0}, "out of range -180..180"),
        (
            {"kind": "construction", "geometry": {"type": "Polygon", "coordinates": []}},
            "'Point', 'LineString'",
        ),
        ({"kind": "pothole", "lat": 35.6255, "lon": 139.662}, "unknown kind 'pothole'"),
        ({"kind": "construction"}, "give a geometry"),
        (
            {
                "kind": "construction",
                "lat": 35.6255,
                "lon": 139.662,
                "expires_at": "2001-01-01T00:00Z",
            },
            "in the past",
        ),
        (
            {
                "kind": "construction",
                "lat": 35.6255,
                "lon": 139.662,
                "expires_at": "2099-01-01T00:00",
            },
            "timezone",
        ),
        ({"kind": "construction", "lat": 35.0, "lon": 139.66}, "outside the service area"),
        ({"kind": "construction", "lat": LAWN[0], "lon": LAWN[1]}, "59 m from the nearest way"),
        (
            construction_on([[LAWN[1], LAWN[0]], [LAWN[1] + 0.0002, LAWN[0]]]),
            "no way runs along the reported line",
        ),
    ],
)
def test_bad_reports_are_422_and_store_nothing(client, db_url, fresh_router, body, says):
    response = client.post("/barriers", json=body)
    assert response.status_code == 422
    assert says in str(response.json()["detail"])
    assert stored(db_url) == 0
    assert fresh_router.reported == {}


def test_kinds_say_whom_they_stop(client):
    kinds = client.get("/barriers/kinds").json()
    assert kinds["construction"]["affects"] == list(PROFILES)
    assert kinds["parked_bicycles"]["affects"] == [
        "wheelchair_manual",
        "wheelchair_electric",
        "stroller",
        "walker",
        "wheelchair",
    ]
    assert kinds["steps_temporary"]["affects"] == kinds["parked_bicycles"]["affects"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL schema of its own for one test, dropped afterwards."""
    schema = f"ainori_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 (database test) is not reachable: {exc}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_reports_persist_in_postgresql(pg_url, fresh_router):
    with open_client(pg_url, fresh_router) as first:
        line = longest_segment(first, "wheelchair")
        expires = datetime(2099, 5, 1, 9, 30, tzinfo=UTC)
        created = first.post(
            "/barriers", json=construction_on(line, expires_at=expires.isoformat())
        )
        assert created.status_code == 201, created.text
        report_id = created.json()["id"]
        bad = first.post("/barriers", json={"kind": "construction", "lat": LAWN[0], "lon": LAWN[1]})
        assert bad.status_code == 422
    assert stored(pg_url) == 1
    fresh_router.set_reported({})

    with open_client(pg_url, fresh_router) as second:
        listed = second.get("/barriers").json()["features"]
        assert [f["id"] for f in listed] == [report_id]
        assert listed[0]["properties"]["expires_at"] == expires.isoformat()
        assert route(second, "wheelchair")["properties"]["distance_m"] == pytest.approx(
            638.5, abs=0.5
        )
        assert second.delete(f"/barriers/{report_id}").status_code == 204
        assert route(second, "wheelchair")["properties"]["distance_m"] == pytest.approx(
            WHEELCHAIR_M, abs=0.2
        )
    assert stored(pg_url) == 0


def _shape(line: list[list[float]]):
    from shapely.geometry import LineString

    return LineString(line)
