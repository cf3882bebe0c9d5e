"""Bad input anywhere in the API gets a 422 with a readable detail, never a 500."""

import pytest

from tests.api.test_barriers import open_client

PARK_POINT = [139.66315, 35.62469]  # on a footway of Komazawa Olympic Park


@pytest.fixture
def own_client(tmp_path, meguro_router):
    meguro_router.set_reported({})
    with open_client(f"sqlite:///{tmp_path / 'db.sqlite'}", meguro_router) as c:
        yield c
    meguro_router.set_reported({})


@pytest.mark.parametrize(
    "body",
    [
        '{"kind": "construction", "lat": NaN, "lon": 139.662}',
        '{"kind": "construction", "lat": Infinity, "lon": 139.662}',
        '{"kind": "construction", "lat": 1e400, "lon": 139.662}',
        '{"kind": "construction", "geometry": {"type": "Point", "coordinates": [NaN, 35.6]}}',
        '{"kind": NaN, "lat": 35.62469, "lon": 139.66315}',
        '{"kind": "construction", "lat": 35.62469, "lon": 139.66315, "note": NaN}',
    ],
)
def test_non_finite_json_numbers_are_422_and_store_nothing(own_client, body):
    r = own_client.post("/barriers", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    assert own_client.get("/barriers").json()["features"] == []
    assert own_client.get("/health").status_code == 200


def test_validation_errors_read_as_one_sentence(client):
    r = client.get("/route", params={"from": "35.6247,139.6632", "to": "35.6259,139.6610",
                                     "lang": "fr"})  # fmt: skip
    assert r.status_code == 422
    assert r.json()["detail"].startswith("lang: ")


@pytest.mark.parametrize(
    ("path", "params", "fragment"),
    [
        ("/isochrone", {"from": "35.6247,139.6632", "minutes": 5, "max_uphill_percent": 3},
         "max_uphill_percent"),
        ("/facilities/nearest", {"from": "35.6247,139.6632", "kind": "toilet", "foo": 1}, "foo"),
        ("/area", {"bbox": "1,2,3,4"}, "bbox"),
    ],
)  # fmt: skip
def test_parameters_an_endpoint_does_not_take_are_refused(client, path, params, fragment):
    r = client.get(path, params=params)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_a_parameter_given_twice_is_refused(client):
    r = client.get("/route?from=35.6247,139.6632&from=35.6076,139.6689&to=35.6259,139.6610")
    assert r.status_code == 422
    assert "more than once: from" in r.json()["detail"]


@pytest.mark.parametrize(
    ("bbox", "fragment"),
    [
        ("35.640,139.695,35.645,139.700", "did you write lat,lon"),
        ("nan,nan,nan,nan", "finite"),
        ("139.6,35.6,200,35.7", "longitudes"),
    ],
)
def test_network_box_in_the_wrong_order_is_refused(client, bbox, fragment):
    r = client.get("/network", params={"bbox": bbox})
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_the_area_ends_where_the_street_data_ends(client, meguro_router):
    # West of 139.658 the bundled tiles hold no streets, though it is within 1 km of the ward.
    r = client.get("/route", params={"from": "35.62911,139.65192", "to": "35.6259,139.6610"})
    assert r.status_code == 422
    body = r.json()
    assert "where the street data reaches" in body["detail"]
    assert body["distance_m"] == pytest.approx(481, abs=10)
    assert meguro_router.area.distance_outside_m(35.6339, 139.7157) == 0  # JR Meguro station


def test_report_ids_are_never_reused(own_client):
    body = {"kind": "construction", "geometry": {"type": "Point", "coordinates": PARK_POINT}}
    first = own_client.post("/barriers", json=body).json()["id"]
    second = own_client.post("/barriers", json=body).json()["id"]
    assert own_client.delete(f"/barriers/{second}").status_code == 204
    third = own_client.post("/barriers", json=body).json()["id"]
    assert third > second > first
