"""GET /isochrone, /facilities and /facilities/nearest on the real Meguro graph."""

import pytest
from shapely.geometry import Point, shape

PARK = "35.6247,139.6632"


def test_isochrone_is_a_polygon_with_its_numbers(client):
    response = client.get(
        "/isochrone", params={"from": PARK, "minutes": 10, "profile": "pedestrian"}
    )
    assert response.status_code == 200, response.text
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    props = feature["properties"]
    assert props["budget_m"] == pytest.approx(720.0)
    assert props["area_m2"] == pytest.approx(268_900, rel=0.03)
    assert props["reached_length_m"] > props["budget_m"]
    assert "OpenStreetMap" in props["attribution"]
    # GeoJSON order: the origin [lon, lat] lies inside.
    assert shape(feature["geometry"]).contains(Point(139.6632, 35.6247))


def test_wheelchair_isochrone_is_smaller(client):
    chair = client.get("/isochrone", params={"from": PARK, "minutes": 10}).json()["properties"]
    walk = client.get(
        "/isochrone", params={"from": PARK, "minutes": 10, "profile": "pedestrian"}
    ).json()["properties"]
    assert chair["profile"] == "wheelchair"
    assert chair["area_m2"] <= walk["area_m2"]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"from": PARK, "minutes": 0}, "greater than 0"),
        ({"from": PARK, "minutes": -5}, "greater than 0"),
        ({"from": PARK, "minutes": 121}, "less than or equal to 120"),
        ({"from": PARK, "minutes": "ten"}, "valid number"),
        ({"from": "139.6632,35.6247", "minutes": 10}, "did you write lon,lat"),
        ({"from": PARK, "minutes": 10, "profile": "skater"}, "unknown profile 'skater'"),
        ({"from": "35.0,139.66", "minutes": 10}, "outside the service area"),
    ],
)
def test_isochrone_bad_input_is_422(client, params, says):
    response = client.get("/isochrone", params=params)
    assert response.status_code == 422
    assert says in str(response.json()["detail"])


def test_facilities_list_as_geojson(client):
    toilets = client.get("/facilities", params={"kind": "toilet"}).json()
    assert toilets["type"] == "FeatureCollection"
    assert len(toilets["features"]) == 71
    first = toilets["features"][0]
    lon, lat = first["geometry"]["coordinates"]
    assert 139.6 < lon < 139.8 and 35.5 < lat < 35.7
    assert {"name", "address", "wheelchair", "details"} <= set(first["properties"])
    shelters = client.get("/facilities", params={"kind": "shelter"}).json()
    assert len(shelters["features"]) == 93  # inside the area the street data covers
    assert "geocoded" in shelters["source"]


def test_nearest_toilet_with_its_route(client):
    response = client.get(
        "/facilities/nearest", params={"from": PARK, "kind": "toilet", "profile": "wheelchair"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["features"]) == 3
    first = body["features"][0]["properties"]
    assert first["rank"] == 1
    assert first["name"] == "駒沢オリンピック公園"
    assert first["distance_m"] == pytest.approx(1013.3, abs=0.5)
    assert first["duration_s"] == pytest.approx(1013.3 / 0.9, abs=1)
    route = first["route"]["properties"]
    assert route["distance_m"] == pytest.approx(first["distance_m"], abs=0.2)
    assert route["steps_used"] == 0
    distances = [f["properties"]["distance_m"] for f in body["features"]]
    assert distances == sorted(distances)
    assert all("route" not in f["properties"] for f in body["features"][1:])


def test_nearest_shelter_says_its_source_is_a_stand_in(client):
    body = client.get(
        "/facilities/nearest",
        params={"from": PARK, "kind": "shelter", "profile": "wheelchair", "limit": 1},
    ).json()
    assert len(body["features"]) == 1
    assert "stand-in" in body["source"]
    # Shelters beyond the street data lie outside the service area and are not candidates;
    # every shelter inside it can be reached in a wheelchair from the park.
    assert body["left_out"] == []


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"from": PARK, "kind": "cafe"}, "'toilet' or 'shelter'"),
        ({"from": PARK, "kind": "toilet", "limit": 0}, "greater than or equal to 1"),
        ({"from": PARK}, "Field required"),
        ({"from": "35.0,139.66", "kind": "toilet"}, "outside the service area"),
    ],
)
def test_nearest_bad_input_is_422(client, params, says):
    response = client.get("/facilities/nearest", params=params)
    assert response.status_code == 422
    assert says in str(response.json()["detail"])
