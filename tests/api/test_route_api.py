"""GET /route over HTTP on the real Meguro graph."""

import pytest

PARK = {"from": "35.6247,139.6632", "to": "35.6259,139.6610"}


def test_wheelchair_route_is_geojson_without_steps(client):
    r = client.get("/route", params={**PARK, "profile": "wheelchair"})
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "FeatureCollection"
    line = body["features"][0]
    assert line["geometry"]["type"] == "LineString"
    lon, lat = line["geometry"]["coordinates"][0]
    assert lon == pytest.approx(139.6632, abs=0.001) and lat == pytest.approx(35.6247, abs=0.001)
    props = line["properties"]
    assert props["steps_used"] == 0
    assert props["distance_m"] == pytest.approx(629, abs=10)
    assert props["duration_s"] == pytest.approx(props["distance_m"] / 0.9, rel=0.01)
    assert props["unknown_share"]["width_m"] == 1.0
    assert props["confidence"] == 0.0
    assert "OpenStreetMap" in body["attribution"]
    segments = body["features"][1:]
    assert all(not s["properties"]["steps"] for s in segments)
    assert all("width_m" in s["properties"]["unknown"] for s in segments)


def test_pedestrian_route_takes_steps(client):
    r = client.get("/route", params={**PARK, "profile": "pedestrian"})
    assert r.status_code == 200
    props = r.json()["properties"]
    assert props["steps_used"] == 3
    assert props["distance_m"] == pytest.approx(370, abs=10)


def test_outside_the_service_area_is_422_with_distance(client):
    r = client.get("/route", params={"from": "35.6812,139.7671", "to": PARK["to"]})
    assert r.status_code == 422
    body = r.json()
    assert "outside the service area" in body["detail"]
    assert 4_000 < body["distance_m"] < 7_000


@pytest.mark.parametrize(
    ("origin", "fragment"),
    [
        ("35.6247", "lat,lon"),
        ("abc,139.66", "numbers"),
        ("139.6632,35.6247", "did you write lon,lat"),
        ("35.6,200", "longitude"),
        ("nan,139.6", "finite"),
    ],
)
def test_malformed_coordinates_are_422_with_a_reason(client, origin, fragment):
    r = client.get("/route", params={"from": origin, "to": PARK["to"]})
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_unknown_profile_is_422_listing_the_profiles(client):
    r = client.get("/route", params={**PARK, "profile": "skateboard"})
    assert r.status_code == 422
    assert "wheelchair" in r.json()["detail"]


def test_missing_parameter_is_422(client):
    assert client.get("/route", params={"from": PARK["from"]}).status_code == 422


def test_no_step_free_route_is_404_naming_the_steps(client):
    r = client.get("/route", params={"from": PARK["from"], "to": "35.61562,139.70916"})
    assert r.status_code == 404
    body = r.json()
    assert "no route" in body["detail"]
    barriers = body["barriers"]["features"]
    assert barriers and all(b["properties"]["kind"] == "steps" for b in barriers)
    lon, lat = barriers[0]["geometry"]["coordinates"]
    assert lat == pytest.approx(35.6156, abs=0.0005) and lon == pytest.approx(139.7092, abs=0.0005)


def test_server_keeps_answering_after_errors(client):
    client.get("/route", params={"from": "x", "to": "y"})
    assert client.get("/route", params={**PARK, "profile": "stroller"}).status_code == 200


def test_openapi_lists_the_route(client):
    assert "/route" in client.get("/openapi.json").json()["paths"]
