"""Reading OSM tag values as people write them."""

import pytest

from routing.tags import node_attributes, parse_incline_percent, parse_length_m, way_attributes


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("2", 2.0),
        ("1.5 m", 1.5),
        ("1,5 m", 1.5),
        ("150 cm", 1.5),
        ("~2", 2.0),
        ("1-2", 1.0),
        ("3'6\"", 1.067),
        ("wide", None),
        ("", None),
        ("-1", None),
        (None, None),
    ],
)
def test_lengths_are_read_in_metres_or_left_unknown(text, metres):
    assert parse_length_m(text) == metres


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("5%", 5.0),
        ("-8 %", -8.0),
        ("10°", 17.63),
        ("1:12", 8.33),
        ("4", 4.0),
        ("up", None),
        ("down", None),
        ("steep", None),
        ("90°", None),
    ],
)
def test_inclines_are_read_in_percent_or_left_unknown(text, percent):
    assert parse_incline_percent(text) == percent


def test_way_without_accessibility_tags_has_them_unknown():
    attrs = way_attributes({"highway": "footway"})
    assert attrs["width_m"] is None
    assert attrs["incline_percent"] is None
    assert attrs["kerb_height_m"] is None
    assert attrs["surface"] is None
    assert attrs["steps"] is False


def test_raised_kerb_without_height_is_a_barrier_with_unknown_height():
    assert node_attributes({"barrier": "kerb", "kerb": "raised"}) == {"barrier": "kerb_raised"}
    assert node_attributes({"barrier": "kerb", "kerb": "flush"}) == {"kerb_height_m": 0.0}
