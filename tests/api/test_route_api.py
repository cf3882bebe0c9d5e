"""GET /route over HTTP on the real Meguro graph."""

import pytest

PARK = {"from": "35.6247,139.6632", "to": "35.6259,139.6610"}
# A footway area reachable only by steps, in the south-east of the ward.
ISLAND = "35.61562,139.70916"


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
    segments = [f for f in body["features"] if f["properties"]["kind"] == "segment"]
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


def test_no_step_free_route_is_404_naming_the_steps_and_the_nearest_point(client):
    r = client.get("/route", params={"from": PARK["from"], "to": ISLAND, "lang": "en"})
    assert r.status_code == 404
    body = r.json()
    assert body["detail"].startswith("no route for profile 'wheelchair' between these points")
    assert "steps" in body["detail"] and "nearest reachable point is 2 m" in body["detail"]
    features = body["barriers"]["features"]
    barriers = [f for f in features if f["properties"]["kind"] != "nearest_reachable"]
    assert barriers and all(b["properties"]["kind"] == "steps" for b in barriers)
    assert all(b["properties"]["reason"] == "steps" for b in barriers)
    lon, lat = barriers[0]["geometry"]["coordinates"]
    assert lat == pytest.approx(35.6156, abs=0.0005) and lon == pytest.approx(139.7092, abs=0.0005)
    (nearest,) = [f for f in features if f["properties"]["kind"] == "nearest_reachable"]
    assert nearest["properties"]["distance_to_destination_m"] == pytest.approx(1.7, abs=1.0)
    assert nearest["properties"]["distance_from_origin_m"] == pytest.approx(5_967, rel=0.02)
    assert body["nearest_reachable"]["distance_to_destination_m"] == pytest.approx(1.7, abs=1.0)


def test_no_route_in_japanese(client):
    r = client.get("/route", params={"from": PARK["from"], "to": ISLAND, "lang": "ja"})
    assert r.status_code == 404
    features = r.json()["barriers"]["features"]
    assert features[0]["properties"]["reason"] == "階段"
    assert features[-1]["properties"]["message"].startswith("目的地まで直線で2 m")


def test_forbidding_unknown_slopes_closes_every_way_on_this_data(client):
    r = client.get("/route", params={**PARK, "unknown_incline": "forbid"})
    assert r.status_code == 404
    body = r.json()
    assert "every way near the origin is closed" in body["detail"]
    assert body["barriers"]["features"][0]["properties"]["kind"] == "unknown_incline"


def test_summary_warnings_and_instructions(client):
    body = client.get("/route", params={**PARK, "lang": "en"}).json()
    props = body["properties"]
    assert props["max_uphill_percent"] is None and props["max_downhill_percent"] is None
    assert props["incline_unknown_m"] == pytest.approx(props["distance_m"], abs=0.2)
    assert props["kerbs_crossed"] == 0 and props["elevators_used"] == 0
    assert props["steps_avoided"] is None  # no comparison asked for
    warnings = [f["properties"] for f in body["features"] if f["properties"]["kind"] == "warning"]
    assert [w["warning"] for w in warnings] == ["data_unknown"]
    assert warnings[0]["attributes"] == ["incline_percent", "kerb_height_m", "width_m", "surface"]
    assert warnings[0]["message"].startswith("Accessibility data unknown for the whole route")
    steps = [f["properties"] for f in body["features"] if f["properties"]["kind"] == "instruction"]
    assert steps[0]["action"] == "depart" and steps[-1]["action"] == "arrive"
    assert [s["sequence"] for s in steps] == list(range(len(steps)))
    assert sum(s["distance_m"] for s in steps) == pytest.approx(props["distance_m"], abs=1.0)
    assert props["warnings"] == 1 and props["instructions"] == len(steps)
    ja = client.get("/route", params=PARK).json()
    first = next(f for f in ja["features"] if f["properties"]["kind"] == "instruction")
    assert first["properties"]["text"].endswith("進みます")


def test_pedestrian_alternative_is_compared(client):
    body = client.get("/route", params={**PARK, "alternatives": "pedestrian"}).json()
    comparison = body["properties"]["comparison"]
    assert comparison["distance_m"] == pytest.approx(370, abs=10)
    assert comparison["extra_distance_m"] == pytest.approx(259, abs=15)
    assert comparison["extra_percent"] == pytest.approx(70, abs=5)
    assert comparison["steps_avoided"] == 3
    assert body["properties"]["steps_avoided"] == 3
    alternative = [f for f in body["features"] if f["properties"]["kind"] == "alternative"]
    assert alternative[0]["properties"]["steps_used"] == 3


def test_request_limits_change_the_route(client):
    slow = client.get("/route", params={**PARK, "speed_mps": 0.5}).json()["properties"]
    assert slow["duration_s"] == pytest.approx(slow["distance_m"] / 0.5, rel=0.001)
    ok = client.get("/route", params={**PARK, "avoid_surfaces": "gravel,sand", "min_width_m": 1})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"max_uphill_percent": 500}, "max_uphill_percent must lie between 0 and 50 %"),
        ({"min_width_m": -1}, "min_width_m must lie between 0 and 5 m"),
        ({"avoid_surfaces": "gravel,lava"}, "unknown OSM surface value(s) lava"),
        ({"avoid_steps": "false"}, "cannot climb steps"),
        ({"profile": "stroller", "unknown_kerb": "forbid"}, "needs max_kerb_height_m"),
        ({"max_uphil_percent": 3}, "max_uphil_percent (did you mean max_uphill_percent?)"),
        ({"slope": 3, "colour": "red"}, "unknown query parameter(s): colour, slope"),
    ],
)
def test_bad_limits_and_unknown_parameters_are_422(client, params, fragment):
    r = client.get("/route", params={**PARK, **params})
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_bad_policy_value_is_422(client):
    r = client.get("/route", params={**PARK, "unknown_width": "maybe"})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("unknown_width: ")


def test_server_keeps_answering_after_errors(client):
    client.get("/route", params={"from": "x", "to": "y"})
    assert client.get("/route", params={**PARK, "profile": "stroller"}).status_code == 200


def test_openapi_lists_the_route(client):
    assert "/route" in client.get("/openapi.json").json()["paths"]
