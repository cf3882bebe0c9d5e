"""Read OSM tag values as people write them into numbers and categories, or unknown (None).

Nothing here guesses: a value that cannot be read is unknown, never zero and never an error.
"""

from __future__ import annotations

import math
import re
from typing import Any

from routing.schema import blank_attributes

_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def parse_length_m(value: str | None) -> float | None:
    """A width or height in metres from values such as ``1.5``, ``1,5 m``, ``150 cm``, ``~2``.

    A range (``1-2``) gives its lower bound, the only width the value promises.

    >>> parse_length_m("1,5 m"), parse_length_m("150 cm"), parse_length_m("1-2")
    (1.5, 1.5, 1.0)
    >>> parse_length_m("wide") is None
    True
    """
    if value is None:
        return None
    text = str(value).strip().lower().lstrip("~≈<>").strip()
    m = re.fullmatch(rf"({_NUMBER})\s*(?:-|–|to)\s*({_NUMBER})\s*(mm|cm|m)?", text)
    if m:
        return _scaled(_number(m.group(1)), m.group(3))
    m = re.fullmatch(r"(\d+)\s*'\s*(?:(\d+)\s*\")?", text)
    if m:
        return round(int(m.group(1)) * 0.3048 + int(m.group(2) or 0) * 0.0254, 3)
    m = re.fullmatch(rf"({_NUMBER})\s*(mm|cm|m|meters?|metres?)?", text)
    if m:
        return _scaled(_number(m.group(1)), m.group(2))
    return None


def _scaled(number: float | None, unit: str | None) -> float | None:
    if number is None or not math.isfinite(number) or number < 0:
        return None
    factor = {"mm": 0.001, "cm": 0.01}.get(unit or "m", 1.0)
    return round(number * factor, 4)


def parse_incline_percent(value: str | None) -> float | None:
    """A signed incline in percent from ``5%``, ``-8 %``, ``10°``, ``1:12`` or a bare number.

    ``up`` and ``down`` say the direction but not the size, so they stay unknown.

    >>> parse_incline_percent("5%"), parse_incline_percent("-10°"), parse_incline_percent("1:12")
    (5.0, -17.63, 8.33)
    >>> parse_incline_percent("up") is None
    True
    """
    if value is None:
        return None
    text = str(value).strip().lower().replace(" ", "")
    m = re.fullmatch(rf"({_NUMBER})%", text)
    if m:
        return _number(m.group(1))
    m = re.fullmatch(rf"({_NUMBER})(?:°|deg|degrees?)", text)
    if m:
        deg = _number(m.group(1))
        if deg is None or abs(deg) >= 90:
            return None
        return round(100 * math.tan(math.radians(deg)), 2)
    m = re.fullmatch(r"(-?)1:(\d+(?:\.\d+)?)", text)
    if m:
        pct = round(100 / float(m.group(2)), 2)
        return -pct if m.group(1) else pct
    m = re.fullmatch(_NUMBER, text)
    if m:
        return _number(text)
    return None


def parse_int(value: str | None) -> int | None:
    """A whole number such as a step count, else None.

    >>> parse_int("12"), parse_int("about 12")
    (12, None)
    """
    if value is None:
        return None
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def parse_bool(value: str | None) -> bool | None:
    """OSM yes/no values; anything else is unknown."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("yes", "true", "1", "designated"):
        return True
    if text in ("no", "false", "0"):
        return False
    return None


# Kerb categories in OSM and the heights they state, in metres. ``raised`` and ``rolled`` say
# only that there is a kerb, not how high, so they carry no height.
KERB_HEIGHTS_M = {"flush": 0.0, "no": 0.0}


def way_attributes(tags: dict[str, Any], source: str = "osm") -> dict[str, Any]:
    """Schema attributes of an OSM way from its tags."""
    highway = tags.get("highway")
    steps = highway == "steps"
    ramp = parse_bool(tags.get("ramp:wheelchair")) or parse_bool(tags.get("ramp:stroller"))
    kerb = tags.get("kerb")
    kerb_height = parse_length_m(tags.get("kerb:height"))
    if kerb_height is None and kerb in KERB_HEIGHTS_M:
        kerb_height = KERB_HEIGHTS_M[kerb]
    incline = parse_incline_percent(tags.get("incline"))
    width = parse_length_m(tags.get("width")) or parse_length_m(tags.get("est_width"))
    sidewalk = tags.get("sidewalk") or tags.get("sidewalk:both")
    return blank_attributes(
        highway=highway,
        name=tags.get("name"),
        steps=steps,
        step_count=parse_int(tags.get("step_count")) if steps else None,
        ramp=ramp if steps else None,
        incline_percent=incline,
        kerb_height_m=kerb_height,
        width_m=width,
        surface=tags.get("surface"),
        smoothness=tags.get("smoothness"),
        wheelchair=tags.get("wheelchair"),
        elevator=highway == "elevator",
        sidewalk=sidewalk,
        crossing=tags.get("crossing") or ("yes" if tags.get("footway") == "crossing" else None),
        barrier=tags.get("barrier"),
        bridge=parse_bool(tags.get("bridge")) or (tags.get("bridge") not in (None, "no")),
        tunnel=parse_bool(tags.get("tunnel")) or (tags.get("tunnel") not in (None, "no")),
        tactile_paving=parse_bool(tags.get("tactile_paving")),
        source=source,
    )


def node_attributes(tags: dict[str, Any]) -> dict[str, Any]:
    """Attributes of an OSM node that a person meets: barriers, kerbs, elevators, crossings."""
    out: dict[str, Any] = {}
    barrier = tags.get("barrier")
    kerb = tags.get("kerb")
    if barrier == "kerb" or kerb is not None:
        height = parse_length_m(tags.get("kerb:height"))
        if height is None:
            height = KERB_HEIGHTS_M.get(kerb or "")
        if height is not None:
            out["kerb_height_m"] = height
        if kerb in ("raised", "rolled") and height is None:
            out["barrier"] = f"kerb_{kerb}"
    elif barrier:
        out["barrier"] = barrier
    if tags.get("highway") == "elevator":
        out["elevator"] = True
    if tags.get("highway") == "crossing" or tags.get("crossing"):
        out["crossing"] = tags.get("crossing") or "yes"
    return out


def is_walkable(tags: dict[str, Any], walkable_highways: frozenset[str]) -> bool:
    """Whether a person on foot may use a way with these tags."""
    if tags.get("highway") not in walkable_highways:
        return False
    if tags.get("area") == "yes" and tags.get("highway") not in ("pedestrian", "footway"):
        return False
    foot = tags.get("foot")
    if foot == "no":
        return False
    access = tags.get("access")
    return not (access in ("no", "private") and foot not in ("yes", "designated", "permissive"))
