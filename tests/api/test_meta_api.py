"""The service area, the profiles and the network layer over HTTP."""

import pytest
from shapely.geometry import Point, shape

PARK_BOX = "139.660,35.622,139.666,35.628"


def test_area_contains_the_ward_and_meguro_station(client):
    area = shape(client.get("/area").json()["geometry"])
    assert area.contains(Point(139.6982, 35.6414))  # ward office
    assert area.contains(Point(139.7157, 35.6339))  # JR Meguro station, just outside the ward
    assert not area.contains(Point(139.7671, 35.6812))  # Tokyo station


def test_profiles_list_limits_with_units(client):
    profiles = client.get("/profiles").json()
    assert profiles["wheelchair_manual"]["max_uphill_percent"] == 5.0
    assert profiles["wheelchair_manual"]["max_kerb_height_m"] == 0.02
    assert profiles["pedestrian"]["avoid_steps"] is False


def test_network_in_the_park_shows_each_way_once(client, meguro_router):
    body = client.get("/network", params={"bbox": PARK_BOX}).json()
    features = body["features"]
    assert "OpenStreetMap" in body["attribution"]
    steps = [f for f in features if f["properties"]["steps"]]
    only = client.get("/network", params={"bbox": PARK_BOX, "only_steps": True}).json()
    assert len(only["features"]) == len(steps) > 0
    # Each drawn way is one feature although the graph holds it in both directions.
    geoms = {tuple(map(tuple, f["geometry"]["coordinates"])) for f in features}
    reversed_geoms = {tuple(reversed(g)) for g in geoms}
    assert not (geoms & reversed_geoms - {g for g in geoms if g == tuple(reversed(g))})
    assert all(set(f["properties"]["unknown"]) >= {"width_m", "kerb_height_m"} for f in features)


@pytest.mark.parametrize(
    ("bbox", "fragment"),
    [
        ("139.66,35.62,139.67", "min_lon,min_lat,max_lon,max_lat"),
        ("139.67,35.62,139.66,35.63", "min_lon < max_lon"),
        ("139.60,35.55,139.80,35.70", "at most"),
    ],
)
def test_bad_boxes_are_refused(client, bbox, fragment):
    r = client.get("/network", params={"bbox": bbox})
    assert r.status_code == 422
    assert fragment in r.json()["detail"]
