"""Reading OSM tag values as people write them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing.schema import EDGE_ATTRIBUTES, WALKABLE_HIGHWAYS, reversed_attributes
from routing.tags import (
    is_walkable,
    node_attributes,
    parse_incline,
    parse_incline_percent,
    parse_kerb_height_m,
    parse_length_m,
    parse_length_range_m,
    parse_sidewalk,
    parse_smoothness,
    parse_step_count,
    parse_wheelchair,
    parse_width_m,
    way_attributes,
)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("2", 2.0),
        ("1.5 m", 1.5),
        ("1,5 m", 1.5),
        ("1,5m", 1.5),
        ("150 cm", 1.5),
        ("1500mm", 1.5),
        ("~2", 2.0),
        ("ca. 2 m", 2.0),
        ("1-2", 1.0),
        ("1 m - 2 m", 1.0),
        ("1 to 2 metres", 1.0),
        ("3'6\"", 1.067),
        ("3 ft 6 in", 1.067),
        ("3 ft", 0.914),
        ('36"', 0.914),
        ("2 M", 2.0),
        ("2 meters", 2.0),
        ("1.2;1.5", 1.2),
        (">2", 2.0),
        ("<1", None),
        ("wide", None),
        ("", None),
        ("-1", None),
        ("2-1", None),
        (None, None),
    ],
)
def test_lengths_are_read_in_metres_or_left_unknown(text, metres):
    assert parse_length_m(text) == metres


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("1.5", (1.5, 1.5)),
        ("1-2 m", (1.0, 2.0)),
        ("<1 m", (None, 1.0)),
        ("0", (None, None)),  # a placeholder, not a closed way
        ("0.0 m", (None, None)),
        ("-0.5", (None, None)),
        ("150", (None, None)),  # 150 m is a unit slip, not a walkway
        ("1,5 m", (1.5, 1.5)),
    ],
)
def test_widths_give_their_bounds_and_zero_is_unknown(text, bounds):
    assert parse_width_m(text) == bounds


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("3cm", 0.03),
        ("3 cm", 0.03),
        ("0.03", 0.03),
        ("0,03 m", 0.03),
        ("30 mm", 0.03),
        ("3", 0.03),  # no kerb is 3 m high: centimetres
        ("12", 0.12),
        ("0", 0.0),
        ("<2 cm", 0.02),  # the highest it may be
        ("2-4 cm", 0.04),
        ("2cm;5cm", 0.05),
        ("high", None),
        ("1.5 m", None),
    ],
)
def test_kerb_heights_keep_the_highest_value_allowed(text, metres):
    assert parse_kerb_height_m(text) == metres


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("5%", 5.0),
        ("-8 %", -8.0),
        ("+5%", 5.0),
        ("5,5 %", 5.5),
        ("\u22125%", -5.0),
        ("10°", 17.63),
        ("10 deg", 17.63),
        ("-10°", -17.63),
        ("1:12", 8.33),
        ("1 in 12", 8.33),
        ("4", 4.0),
        ("5%;8%", 8.0),
        ("5%;-8%", None),
        ("up", None),
        ("down", None),
        ("steep", None),
        ("90°", None),
        ("1:0", None),
    ],
)
def test_inclines_are_read_in_percent_or_left_unknown(text, percent):
    assert parse_incline_percent(text) == percent


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("up", (None, 0.0, None)),
        ("Up", (None, 0.0, None)),
        ("down", (None, None, 0.0)),
        ("5-8%", (None, 5.0, 8.0)),
        ("8-5%", (None, None, None)),
        ("yes", (None, None, None)),
    ],
)
def test_incline_direction_without_size_is_a_bound(text, reading):
    assert parse_incline(text) == reading


@pytest.mark.parametrize(
    ("text", "count"),
    [("12", 12), ("~12", 12), ("12 steps", 12), ("12;14", 14), ("0", None), ("-3", None)],
)
def test_step_counts(text, count):
    assert parse_step_count(text) == count


def test_steps_going_up_have_a_direction_but_no_slope():
    attrs = way_attributes({"highway": "steps", "incline": "up", "step_count": "12;14"})
    assert attrs["steps"] is True
    assert attrs["step_count"] == 14
    assert attrs["incline_percent"] is None
    assert (attrs["incline_min_percent"], attrs["incline_max_percent"]) == (0.0, None)
    back = reversed_attributes(attrs)
    assert (back["incline_min_percent"], back["incline_max_percent"]) == (None, 0.0)


def test_only_a_wheelchair_ramp_opens_steps_to_wheels():
    stroller_only = way_attributes({"highway": "steps", "ramp:stroller": "yes"})
    assert (stroller_only["ramp"], stroller_only["ramp_stroller"]) == (None, True)
    both = way_attributes({"highway": "steps", "ramp:wheelchair": "yes"})
    assert (both["ramp"], both["ramp_stroller"]) == (True, True)
    none = way_attributes({"highway": "steps", "ramp": "no", "handrail:right": "yes"})
    assert (none["ramp"], none["ramp_stroller"], none["handrail"]) == (False, False, True)


def test_way_without_accessibility_tags_has_them_unknown():
    attrs = way_attributes({"highway": "footway"})
    assert set(attrs) == set(EDGE_ATTRIBUTES)
    for name in ("width_m", "incline_percent", "kerb_height_m", "kerb", "surface", "wheelchair"):
        assert attrs[name] is None, name
    assert attrs["steps"] is False


@pytest.mark.parametrize(
    ("tags", "kerb", "height", "barrier"),
    [
        ({"kerb": "flush"}, "flush", 0.0, None),
        ({"kerb": "no"}, "no", 0.0, None),
        ({"kerb": "lowered"}, "lowered", None, None),
        ({"kerb": "lowered", "kerb:height": "3cm"}, "lowered", 0.03, None),
        ({"kerb": "rolled"}, "rolled", None, None),
        ({"kerb": "raised"}, "raised", None, "kerb"),
        ({"kerb": "raised", "kerb:height": "0.12"}, "raised", 0.12, None),
        ({"kerb:height": "0.03"}, None, 0.03, None),
        ({"kerb": "sometimes"}, None, None, None),
    ],
)
def test_kerbs_on_crossing_ways(tags, kerb, height, barrier):
    attrs = way_attributes({"highway": "footway", "footway": "crossing", **tags})
    assert (attrs["kerb"], attrs["kerb_height_m"], attrs["barrier"]) == (kerb, height, barrier)
    assert attrs["crossing"] == "yes"


def test_kerb_nodes_give_category_height_and_block_wheels_only_when_raised_and_unmeasured():
    assert node_attributes({"barrier": "kerb", "kerb": "raised"}) == {
        "kerb": "raised",
        "barrier": "kerb",
    }
    assert node_attributes({"barrier": "kerb", "kerb": "flush"}) == {
        "kerb": "flush",
        "kerb_height_m": 0.0,
    }
    assert node_attributes({"barrier": "kerb", "kerb": "lowered"}) == {"kerb": "lowered"}
    assert node_attributes({"barrier": "kerb"}) == {}
    assert node_attributes({"kerb:height": "3cm"}) == {"kerb_height_m": 0.03}
    assert node_attributes({"barrier": "Bollard"}) == {"barrier": "bollard"}
    assert node_attributes({"highway": "crossing", "crossing": "zebra"}) == {"crossing": "zebra"}
    assert node_attributes({"highway": "elevator"}) == {"elevator": True}


@pytest.mark.parametrize(
    ("tags", "sidewalk"),
    [
        ({"sidewalk": "both"}, "both"),
        ({"sidewalk": "none"}, "no"),
        ({"sidewalk:both": "yes"}, "both"),
        ({"sidewalk:both": "separate"}, "separate"),
        ({"sidewalk:left": "yes", "sidewalk:right": "no"}, "left"),
        ({"sidewalk:right": "yes"}, "right"),
        ({"sidewalk:left": "no", "sidewalk:right": "no"}, "no"),
        ({"sidewalk:left": "no"}, None),
        ({"footway": "sidewalk"}, "yes"),
        ({}, None),
    ],
)
def test_sidewalks(tags, sidewalk):
    assert parse_sidewalk(tags) == sidewalk


def test_categories_are_normalised_or_unknown():
    assert parse_wheelchair("designated") == "yes"
    assert parse_wheelchair("Limited") == "limited"
    assert parse_wheelchair("sometimes") is None
    assert parse_smoothness("so-so") is None
    assert parse_smoothness("good;bad") == "bad"
    assert way_attributes({"highway": "footway", "surface": " Asphalt "})["surface"] == "asphalt"


@pytest.mark.parametrize(
    ("tags", "walkable"),
    [
        ({"highway": "footway"}, True),
        ({"highway": "footway", "access": "private"}, False),
        ({"highway": "footway", "access": "no", "foot": "yes"}, True),
        ({"highway": "footway", "foot": "no"}, False),
        ({"highway": "secondary", "foot": "use_sidepath"}, False),
        ({"highway": "motorway"}, False),
        ({"highway": "service", "area": "yes"}, False),
        ({"highway": "pedestrian", "area": "yes"}, True),
    ],
)
def test_access_and_foot_decide_who_may_walk(tags, walkable):
    assert is_walkable(tags, WALKABLE_HIGHWAYS) is walkable


_TEXT = st.one_of(st.none(), st.text(), st.from_regex(r"[-~<>0-9.,;:'\" a-z%°]{0,12}"))


@given(_TEXT)
def test_no_value_crashes_a_parser(value):
    low, high = parse_length_range_m(value)
    assert low is None or high is None or low <= high
    parse_width_m(value)
    parse_kerb_height_m(value)
    percent, inc_low, inc_high = parse_incline(value)
    assert inc_low is None or inc_high is None or inc_low <= inc_high
    count = parse_step_count(value)
    assert count is None or count > 0


_TAG_KEYS = st.sampled_from(
    [
        "highway",
        "incline",
        "width",
        "est_width",
        "kerb",
        "kerb:height",
        "barrier",
        "step_count",
        "ramp",
        "ramp:wheelchair",
        "sidewalk",
        "sidewalk:left",
        "footway",
        "crossing",
        "surface",
        "smoothness",
        "wheelchair",
        "handrail",
        "bridge",
        "access",
        "foot",
        "conveying",
    ]
)


@given(st.dictionaries(_TAG_KEYS, _TEXT))
def test_no_tags_crash_the_way_and_node_readers(tags):
    attrs = way_attributes(tags)
    assert set(attrs) == set(EDGE_ATTRIBUTES)
    assert set(reversed_attributes(attrs)) == set(EDGE_ATTRIBUTES)
    node_attributes(tags)
    is_walkable(tags, WALKABLE_HIGHWAYS)
