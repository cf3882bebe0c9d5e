"""The accessibility attributes every edge of a pedestrian graph carries, whatever its source.

Each attribute is either a known value or ``None``: unknown. No builder fills in a value its
source does not state. Directional attributes (``incline_percent`` and its bounds) are given in
the direction of the edge, so the edge ``v -> u`` carries the opposite sign of ``u -> v``.

Where a source gives only a class (``incline=up``, MLIT's "slope over 5 %", "narrower than 1 m"),
the value stays ``None`` and the bounds (``incline_min_percent``/``incline_max_percent``,
``width_max_m``) say what is known, so a profile can close an edge the bound proves impassable.
"""

from __future__ import annotations

from typing import Any

#: name -> (type, meaning). The order is the order of the documentation.
EDGE_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "highway": ("str", "OSM highway class (footway, steps, residential, elevator, ...)"),
    "name": ("str | None", "street or path name"),
    "steps": ("bool | None", "the edge is a flight of steps"),
    "step_count": ("int | None", "number of steps in the flight"),
    "ramp": ("bool | None", "a wheelchair or stroller ramp runs beside the steps"),
    "ramp_stroller": ("bool | None", "a ramp or wheel channel for strollers runs beside the steps"),
    "handrail": ("bool | None", "a handrail runs along the edge"),
    "incline_percent": ("float | None", "signed slope in the edge's direction, percent"),
    "incline_min_percent": (
        "float | None",
        "when only a class is known: the signed slope is above this, percent",
    ),
    "incline_max_percent": (
        "float | None",
        "when only a class is known: the signed slope is at most this, percent",
    ),
    "incline_source": ("str | None", "where the incline came from: osm, mlit-nwd, dem"),
    "kerb": ("str | None", "kerb category met on the edge: raised, rolled, lowered, flush, no"),
    "kerb_height_m": ("float | None", "highest kerb met on or at the end of the edge, metres"),
    "width_m": ("float | None", "usable width, metres (the lower bound of a stated range)"),
    "width_max_m": ("float | None", "the most the width can be, when only a bound is known, m"),
    "surface": ("str | None", "OSM surface value (asphalt, paving_stones, gravel, ...)"),
    "smoothness": ("str | None", "OSM smoothness value (excellent ... impassable)"),
    "wheelchair": ("str | None", "OSM wheelchair value: yes, limited or no"),
    "elevator": ("bool | None", "the edge is, or enters, an elevator"),
    "conveying": ("bool | None", "an escalator or moving walkway carries people along the edge"),
    "sidewalk": ("str | None", "sidewalk presence on a road: both, left, right, separate, no"),
    "crossing": ("str | None", "crossing type where the edge crosses a road"),
    "barrier": ("str | None", "a barrier on or at the end of the edge (bollard, gate, ...)"),
    "bridge": ("bool | None", "the edge is on a bridge"),
    "tunnel": ("bool | None", "the edge is in a tunnel or underpass"),
    "covered": ("bool | None", "the edge is roofed or indoors"),
    "tactile_paving": ("bool | None", "tactile paving is present"),
    "source": ("str", "where the edge came from: osm, osm-vector-tiles, mlit-nwd"),
}

#: Attributes that say something about passability and whose absence must be reported.
ACCESSIBILITY_ATTRIBUTES: tuple[str, ...] = (
    "incline_percent",
    "kerb_height_m",
    "width_m",
    "surface",
    "smoothness",
    "wheelchair",
)

#: Node attributes that mark something a person meets at that point.
NODE_ATTRIBUTES: tuple[str, ...] = ("barrier", "kerb_height_m", "elevator", "crossing")

#: Highway classes a person on foot may use (motorways, construction, cycleways excluded).
WALKABLE_HIGHWAYS: frozenset[str] = frozenset(
    {
        "footway",
        "steps",
        "pedestrian",
        "path",
        "living_street",
        "residential",
        "unclassified",
        "road",
        "service",
        "track",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
        "trunk",
        "trunk_link",
        "elevator",
        "corridor",
        "platform",
        "crossing",
        "sidewalk",
    }
)


def blank_attributes(**known: Any) -> dict[str, Any]:
    """Return a full attribute dict with every attribute unknown except those given.

    >>> blank_attributes(highway="footway")["width_m"] is None
    True
    """
    unknown_names = set(known) - set(EDGE_ATTRIBUTES)
    if unknown_names:
        raise KeyError(f"not edge attributes: {sorted(unknown_names)}")
    attrs: dict[str, Any] = dict.fromkeys(EDGE_ATTRIBUTES)
    attrs.update(known)
    return attrs


def reversed_attributes(attrs: dict[str, Any]) -> dict[str, Any]:
    """Return the attributes of the same way walked the other way (incline changes sign)."""
    out = dict(attrs)
    if out.get("incline_percent") is not None:
        out["incline_percent"] = -out["incline_percent"]
    low, high = out.get("incline_min_percent"), out.get("incline_max_percent")
    if low is not None or high is not None:
        out["incline_min_percent"] = None if high is None else 0.0 - high
        out["incline_max_percent"] = None if low is None else 0.0 - low
    return out
