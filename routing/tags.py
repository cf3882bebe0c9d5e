"""Read OSM tag values as people write them into numbers and categories, or unknown (None).

Nothing here guesses: a value that cannot be read is unknown, never zero and never an error. Every
parser takes any string (or None) and returns a value or None; none of them raises.

Where a value states only a bound, the bound that keeps a traveller safe is kept: the narrowest
width (``1-2`` m gives 1 m), the highest kerb (``<2 cm`` gives 2 cm). A category without a number
(``kerb=lowered``, ``incline=up``) stays a category: no height or slope is made up for it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from routing.schema import blank_attributes

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_UNSIGNED = r"\d+(?:[.,]\d+)?"

_METRES_PER_UNIT = {
    "mm": 0.001,
    "cm": 0.01,
    "m": 1.0,
    "mtr": 1.0,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "ft": 0.3048,
    "foot": 0.3048,
    "feet": 0.3048,
    "'": 0.3048,
    "in": 0.0254,
    "inch": 0.0254,
    "inches": 0.0254,
    '"': 0.0254,
}
_UNIT = r"(mm|cm|mtr|meters?|metres?|m|ft|feet|foot|inch(?:es)?|in|'|\")?"

# Widths above this are not the width of a walkway but a unit slip (``150`` meant as cm).
MAX_PLAUSIBLE_WIDTH_M = 100.0  # metres
# Kerbs and steps higher than this are not kerbs.
MAX_PLAUSIBLE_KERB_M = 1.0  # metres

#: OSM ``kerb=*`` categories a profile can tell apart, worst (for wheels) first.
KERB_CATEGORIES: tuple[str, ...] = ("raised", "rolled", "lowered", "flush", "no")
# Kerb categories and the heights they state, in metres. ``lowered``, ``rolled`` and ``raised``
# name a shape, not a height, so they carry none.
KERB_HEIGHTS_M = {"flush": 0.0, "no": 0.0}

#: OSM smoothness values, best first.
SMOOTHNESS_VALUES: tuple[str, ...] = (
    "excellent",
    "good",
    "intermediate",
    "bad",
    "very_bad",
    "horrible",
    "very_horrible",
    "impassable",
)


def _clean(value: object) -> str | None:
    """Lower-case text with uniform minus signs and spaces, or None for blank or no value."""
    if value is None:
        return None
    text = str(value).strip().lower()
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u3000", " ").replace("\uff0c", ",").replace("\uff05", "%")
    return text or None


def _number(text: str) -> float | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _split_list(text: str) -> list[str]:
    """OSM lists are separated by semicolons."""
    return [part.strip() for part in text.split(";") if part.strip()]


# --- lengths -------------------------------------------------------------------------------


def _metres(number_text: str, unit: str | None) -> float | None:
    number = _number(number_text)
    if number is None or number < 0:
        return None
    return round(number * _METRES_PER_UNIT[unit or "m"], 4)


def _length_bounds(text: str) -> tuple[float | None, float | None] | None:
    """``(lowest, highest)`` a single length value allows, or None if unreadable."""
    text = re.sub(r"^(?:~|≈|ca\.?|approx\.?|about|circa)\s*", "", text).rstrip(". ")

    # An upper or lower bound: "<1 m", ">= 2".
    m = re.fullmatch(r"(<=?|≤|>=?|≥)\s*(.+)", text)
    if m:
        inner = _length_bounds(m.group(2))
        if inner is None or inner[0] is None or inner[0] != inner[1]:
            return None
        return (None, inner[0]) if m.group(1)[0] in "<≤" else (inner[0], None)

    # A range: "1-2", "1 m - 2 m", "1 to 2 m".
    m = re.fullmatch(rf"({_UNSIGNED})\s*{_UNIT}\s*(?:-|to)\s*({_UNSIGNED})\s*{_UNIT}", text)
    if m:
        unit = m.group(2) or m.group(4)
        low, high = _metres(m.group(1), m.group(2) or unit), _metres(m.group(3), unit)
        if low is None or high is None or low > high:
            return None
        return low, high

    # Feet and inches: 3'6", 3 ft 6 in, 3ft6".
    m = re.fullmatch(
        rf"({_UNSIGNED})\s*(?:'|ft|feet|foot)\s*(?:({_UNSIGNED})\s*(?:\"|in|inch(?:es)?))?", text
    )
    if m:
        feet = _metres(m.group(1), "ft")
        inches = _metres(m.group(2), "in") if m.group(2) else 0.0
        if feet is None or inches is None:
            return None
        total = round(feet + inches, 3)
        return total, total

    # A number with an optional unit: "1.5", "1,5 m", "150cm".
    m = re.fullmatch(rf"({_NUMBER})\s*{_UNIT}", text)
    if m:
        value = _metres(m.group(1), m.group(2))
        if value is not None and m.group(2) in ("in", "inch", "inches", '"'):
            value = round(value, 3)
        return (value, value) if value is not None else None
    return None


def parse_length_range_m(
    value: object, *, combine: str = "min", max_m: float = math.inf
) -> tuple[float | None, float | None]:
    """The lowest and highest length in metres that a value allows; ``None`` where unbounded.

    A list (``1.2;1.5``) is several measurements of one way: ``combine="min"`` keeps the
    narrowest (for widths), ``combine="max"`` the highest (for kerbs). Values above ``max_m``
    are unknown.

    >>> parse_length_range_m("1-2 m"), parse_length_range_m("<1m"), parse_length_range_m("x")
    ((1.0, 2.0), (None, 1.0), (None, None))
    """
    text = _clean(value)
    if text is None:
        return None, None
    readings = [_length_bounds(part) for part in _split_list(text)]
    if not readings or any(r is None for r in readings):
        return None, None
    lows = [r[0] for r in readings if r is not None]
    highs = [r[1] for r in readings if r is not None]
    pick = min if combine == "min" else max
    low = None if any(x is None for x in lows) and combine == "max" else _pick(pick, lows)
    high = None if any(x is None for x in highs) and combine == "max" else _pick(pick, highs)
    if (low is not None and low > max_m) or (high is not None and high > max_m):
        return None, None
    return low, high


def _pick(pick: Any, values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return pick(known) if known else None


def parse_length_m(value: object) -> float | None:
    """A length in metres from ``1.5``, ``1,5 m``, ``150 cm``, ``~2``, ``3'6"``; else None.

    A range (``1-2``) gives its lower bound, the only width the value promises; an upper bound
    alone (``<1``) promises none.

    >>> parse_length_m("1,5 m"), parse_length_m("150 cm"), parse_length_m("1-2")
    (1.5, 1.5, 1.0)
    >>> parse_length_m("wide") is None
    True
    """
    return parse_length_range_m(value)[0]


def parse_width_m(value: object) -> tuple[float | None, float | None]:
    """Usable width ``(at least, at most)`` in metres. ``0`` and implausible widths are unknown.

    A width of 0 is no walkway a person can use; mappers write it as a placeholder, so it is
    read as unknown rather than as a closed way.

    >>> parse_width_m("1,5 m"), parse_width_m("0"), parse_width_m("<1")
    ((1.5, 1.5), (None, None), (None, 1.0))
    """
    low, high = parse_length_range_m(value, combine="min", max_m=MAX_PLAUSIBLE_WIDTH_M)
    if high == 0.0:
        return None, None
    if low == 0.0:
        low = None
    return low, high


def parse_kerb_height_m(value: object) -> float | None:
    """Kerb height in metres: ``0.03``, ``3cm``, ``30 mm``, ``<2 cm``; else None.

    The highest height the value allows is kept. A bare number of 1 or more cannot be a kerb
    in metres and is read as centimetres (``kerb:height=3`` is a 3 cm kerb).

    >>> parse_kerb_height_m("3cm"), parse_kerb_height_m("0.03"), parse_kerb_height_m("3")
    (0.03, 0.03, 0.03)
    """
    text = _clean(value)
    if text is None:
        return None
    if re.fullmatch(_UNSIGNED, text) and (_number(text) or 0.0) >= 1.0:
        text += " cm"
    low, high = parse_length_range_m(text, combine="max", max_m=MAX_PLAUSIBLE_KERB_M)
    return high if high is not None else low


# --- inclines ------------------------------------------------------------------------------


def _incline_value(text: str) -> float | None:
    m = re.fullmatch(rf"({_NUMBER})\s*%?", text)
    if m:
        return _number(m.group(1))
    m = re.fullmatch(rf"({_NUMBER})\s*(?:°|º|deg|degrees?)", text)
    if m:
        deg = _number(m.group(1))
        if deg is None or abs(deg) >= 90:
            return None
        return round(100 * math.tan(math.radians(deg)), 2)
    m = re.fullmatch(rf"(-?)1\s*(?::|in)\s*({_UNSIGNED})", text)
    if m:
        run = _number(m.group(2))
        if not run:
            return None
        pct = round(100 / run, 2)
        return -pct if m.group(1) else pct
    return None


def parse_incline(value: object) -> tuple[float | None, float | None, float | None]:
    """``(percent, lowest, highest)`` of a signed incline in the way's direction.

    ``percent`` is the slope when the value states one (``5%``, ``-8 %``, ``10°``, ``1:12``,
    a bare number). ``up`` and ``down`` state only the direction: the slope is unknown but
    above (``up``: lowest 0) or below (``down``: highest 0) zero. A range ``5-8%`` gives its
    bounds; a list gives the steepest value when all point the same way.

    >>> parse_incline("up"), parse_incline("-10°"), parse_incline("5-8%")
    ((None, 0.0, None), (-17.63, None, None), (None, 5.0, 8.0))
    """
    text = _clean(value)
    if text is None:
        return None, None, None
    if text in ("up", "upward", "upwards"):
        return None, 0.0, None
    if text in ("down", "downward", "downwards"):
        return None, None, 0.0
    m = re.fullmatch(rf"({_UNSIGNED})\s*%?\s*(?:-|to)\s*({_UNSIGNED})\s*%", text)
    if m:
        low, high = _number(m.group(1)), _number(m.group(2))
        if low is None or high is None or low > high:
            return None, None, None
        return None, low, high
    values = [_incline_value(part.replace(" ", "")) for part in _split_list(text)]
    if not values or any(v is None for v in values):
        return None, None, None
    known = [v for v in values if v is not None]
    if min(known) < 0 < max(known):
        return None, None, None
    return max(known, key=abs), None, None


def parse_incline_percent(value: object) -> float | None:
    """A signed incline in percent from ``5%``, ``-8 %``, ``10°``, ``1:12`` or a bare number.

    ``up`` and ``down`` say the direction but not the size, so they stay unknown here (see
    :func:`parse_incline` for the bound they give).

    >>> parse_incline_percent("5%"), parse_incline_percent("-10°"), parse_incline_percent("1:12")
    (5.0, -17.63, 8.33)
    >>> parse_incline_percent("up") is None
    True
    """
    return parse_incline(value)[0]


# --- counts and categories -----------------------------------------------------------------


def parse_int(value: object) -> int | None:
    """A whole number such as a step count, else None.

    >>> parse_int("12"), parse_int("about 12")
    (12, None)
    """
    text = _clean(value)
    if text is None:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def parse_step_count(value: object) -> int | None:
    """Number of steps: ``12``, ``~12``, ``12 steps``. A list (``12;14``) gives the largest.

    OSM lists values that differ along a way; the largest is the flight a person may meet.
    Zero steps on a flight of steps is a placeholder and stays unknown.

    >>> parse_step_count("12;14"), parse_step_count("0"), parse_step_count("twelve")
    (14, None, None)
    """
    text = _clean(value)
    if text is None:
        return None
    counts = []
    for part in _split_list(text):
        m = re.fullmatch(r"(?:~|ca\.?\s*|about\s*)?(\d{1,5})\s*(?:steps?)?", part)
        if not m or int(m.group(1)) == 0:
            return None
        counts.append(int(m.group(1)))
    return max(counts) if counts else None


def parse_bool(value: object) -> bool | None:
    """OSM yes/no values; anything else is unknown."""
    text = _clean(value)
    if text in ("yes", "true", "1", "designated"):
        return True
    if text in ("no", "false", "0", "none"):
        return False
    return None


def parse_wheelchair(value: object) -> str | None:
    """``yes``, ``limited`` or ``no`` (``designated`` is ``yes``); anything else is unknown."""
    text = _clean(value)
    if text in ("yes", "designated"):
        return "yes"
    if text in ("limited", "no"):
        return text
    return None


def parse_kerb(value: object) -> str | None:
    """An OSM kerb category from :data:`KERB_CATEGORIES` (``none`` is ``no``), else None."""
    text = _clean(value)
    if text == "none":
        return "no"
    return text if text in KERB_CATEGORIES else None


def worst_kerb(*kerbs: str | None) -> str | None:
    """The kerb category hardest on wheels among those known."""
    known = [k for k in kerbs if k in KERB_CATEGORIES]
    return min(known, key=KERB_CATEGORIES.index) if known else None


def _category(value: object) -> str | None:
    """A free OSM category value, lower-cased; the first of a list."""
    text = _clean(value)
    if text is None:
        return None
    parts = _split_list(text)
    return parts[0].replace(" ", "_") if parts else None


def parse_smoothness(value: object) -> str | None:
    """An OSM smoothness value from :data:`SMOOTHNESS_VALUES`; the worst of a list."""
    text = _clean(value)
    if text is None:
        return None
    known = [p for p in _split_list(text) if p in SMOOTHNESS_VALUES]
    return max(known, key=SMOOTHNESS_VALUES.index) if known else None


def parse_sidewalk(tags: dict[str, Any]) -> str | None:
    """Sidewalks along a road: ``both``, ``left``, ``right``, ``separate``, ``no`` or ``yes``.

    Reads ``sidewalk`` and, where it is absent, ``sidewalk:both``, ``sidewalk:left`` and
    ``sidewalk:right``. A way that is itself a sidewalk (``footway=sidewalk``) gives ``yes``.

    >>> parse_sidewalk({"sidewalk:left": "yes", "sidewalk:right": "no"})
    'left'
    """
    value = _clean(tags.get("sidewalk"))
    if value in ("both", "left", "right", "separate", "no", "yes"):
        return value
    if value == "none":
        return "no"
    both = _clean(tags.get("sidewalk:both"))
    left = _clean(tags.get("sidewalk:left")) or both
    right = _clean(tags.get("sidewalk:right")) or both
    if left == "yes" and right == "yes":
        return "both"
    if left == "yes" or right == "yes":
        return "left" if left == "yes" else "right"
    if "separate" in (left, right):
        return "separate"
    if left in ("no", "none") and right in ("no", "none"):
        return "no"
    if _clean(tags.get("footway")) == "sidewalk":
        return "yes"
    return None


def parse_crossing(tags: dict[str, Any]) -> str | None:
    """The crossing type where a way or node crosses a road, or None if it crosses none."""
    value = _category(tags.get("crossing"))
    if value:
        return value
    markings = _clean(tags.get("crossing:markings"))
    if markings is not None:
        return "unmarked" if markings == "no" else "marked"
    if _clean(tags.get("footway")) == "crossing" or _clean(tags.get("highway")) == "crossing":
        return "yes"
    return None


def parse_handrail(tags: dict[str, Any]) -> bool | None:
    """Whether a handrail runs along the way (``handrail``, ``handrail:left|right|center``)."""
    values = [
        parse_bool(tags.get(key))
        for key in ("handrail", "handrail:left", "handrail:right", "handrail:center")
    ]
    if any(v is True for v in values):
        return True
    if values[0] is False or (values[1] is False and values[2] is False):
        return False
    return None


def _flag(value: object) -> bool:
    """An OSM structure tag (bridge, tunnel): any value but ``no`` means present."""
    text = _clean(value)
    return text is not None and text not in ("no", "false", "0")


def _conveying(value: object) -> bool | None:
    text = _clean(value)
    if text is None:
        return None
    return text in ("yes", "forward", "backward", "reversible")


# --- ways and nodes ------------------------------------------------------------------------


def way_attributes(tags: dict[str, Any], source: str = "osm") -> dict[str, Any]:
    """Schema attributes of an OSM way from its tags.

    >>> a = way_attributes({"highway": "steps", "incline": "up", "step_count": "12;14"})
    >>> a["steps"], a["step_count"], a["incline_percent"], a["incline_min_percent"]
    (True, 14, None, 0.0)
    """
    highway = _category(tags.get("highway"))
    steps = highway == "steps"

    # A ramp beside steps: only ramp:wheelchair opens them to wheels; a stroller channel does not.
    ramp = parse_bool(tags.get("ramp:wheelchair"))
    if ramp is None and parse_bool(tags.get("ramp")) is False:
        ramp = False
    ramp_stroller = parse_bool(tags.get("ramp:stroller"))
    if ramp_stroller is None and ramp is not None:
        ramp_stroller = ramp

    incline, incline_min, incline_max = parse_incline(tags.get("incline"))
    has_incline = incline is not None or incline_min is not None or incline_max is not None

    kerb = parse_kerb(tags.get("kerb"))
    kerb_height = parse_kerb_height_m(tags.get("kerb:height"))
    if kerb_height is None and kerb in KERB_HEIGHTS_M:
        kerb_height = KERB_HEIGHTS_M[kerb]

    width, width_max = parse_width_m(tags.get("width"))
    if width is None and width_max is None:
        width, width_max = parse_width_m(tags.get("est_width"))

    barrier = _category(tags.get("barrier"))
    if barrier is None and kerb == "raised" and kerb_height is None:
        # A raised kerb of unknown height: a barrier to wheels, as OSM's barrier=kerb.
        barrier = "kerb"

    return blank_attributes(
        highway=highway,
        name=tags.get("name"),
        steps=steps,
        step_count=parse_step_count(tags.get("step_count")) if steps else None,
        ramp=ramp if steps else None,
        ramp_stroller=ramp_stroller if steps else None,
        handrail=parse_handrail(tags),
        incline_percent=incline,
        incline_min_percent=incline_min,
        incline_max_percent=incline_max,
        incline_source=source if has_incline else None,
        kerb=kerb,
        kerb_height_m=kerb_height,
        width_m=width,
        width_max_m=width_max,
        surface=_category(tags.get("surface")),
        smoothness=parse_smoothness(tags.get("smoothness")),
        wheelchair=parse_wheelchair(tags.get("wheelchair")),
        elevator=highway == "elevator",
        conveying=_conveying(tags.get("conveying")),
        sidewalk=parse_sidewalk(tags),
        crossing=parse_crossing(tags),
        barrier=barrier,
        bridge=_flag(tags.get("bridge")),
        tunnel=_flag(tags.get("tunnel")),
        covered=_flag(tags.get("covered")) or _flag(tags.get("indoor")),
        tactile_paving=parse_bool(tags.get("tactile_paving")),
        source=source,
    )


def node_attributes(tags: dict[str, Any]) -> dict[str, Any]:
    """Attributes of an OSM node that a person meets: barriers, kerbs, elevators, crossings.

    A kerb gives its category (``kerb``) and, when stated, its height. A raised kerb of
    unknown height is also a ``barrier=kerb``, which wheels cannot pass.

    >>> node_attributes({"barrier": "kerb", "kerb": "raised"})
    {'kerb': 'raised', 'barrier': 'kerb'}
    """
    out: dict[str, Any] = {}
    barrier = _category(tags.get("barrier"))
    kerb = parse_kerb(tags.get("kerb"))
    height = parse_kerb_height_m(tags.get("kerb:height"))
    if barrier == "kerb" or kerb is not None or height is not None:
        if height is None and kerb in KERB_HEIGHTS_M:
            height = KERB_HEIGHTS_M[kerb]
        if kerb is not None:
            out["kerb"] = kerb
        if height is not None:
            out["kerb_height_m"] = height
        if kerb == "raised" and height is None:
            out["barrier"] = "kerb"
    elif barrier:
        out["barrier"] = barrier
    if _clean(tags.get("highway")) == "elevator":
        out["elevator"] = True
    crossing = parse_crossing(tags)
    if crossing:
        out["crossing"] = crossing
    return out


# Values of ``foot`` and ``access`` that shut out people on foot.
_NO_FOOT = frozenset({"no", "private", "use_sidepath", "discouraged_no"})
_FOOT_ALLOWED = frozenset({"yes", "designated", "permissive", "destination", "customers"})


def is_walkable(tags: dict[str, Any], walkable_highways: frozenset[str]) -> bool:
    """Whether a person on foot may use a way with these tags."""
    highway = _category(tags.get("highway"))
    if highway not in walkable_highways:
        return False
    if _clean(tags.get("area")) == "yes" and highway not in ("pedestrian", "footway"):
        return False
    foot = _clean(tags.get("foot"))
    if foot in _NO_FOOT:
        return False
    access = _clean(tags.get("access"))
    return not (access in ("no", "private") and foot not in _FOOT_ALLOWED)
