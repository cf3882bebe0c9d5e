"""The accessibility attributes every edge of a pedestrian graph carries, whatever its source.

Each attribute is either a known value or ``None``: unknown. No builder fills in a value its
source does not state. Directional attributes (``incline_percent``) are given in the direction of
the edge, so the edge ``v -> u`` carries the opposite sign of ``u -> v``.
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
    "incline_percent": ("float | None", "signed slope in the edge's direction, percent"),
    "kerb_height_m": ("float | None", "highest kerb met on or at the end of the edge, metres"),
    "width_m": ("float | None", "usable width, metres"),
    "surface": ("str | None", "OSM surface value (asphalt, paving_stones, gravel, ...)"),
    "smoothness": ("str | None", "OSM smoothness value (excellent ... impassable)"),
    "wheelchair": ("str | None", "OSM wheelchair value: yes, limited or no"),
    "elevator": ("bool | None", "the edge is, or enters, an elevator"),
    "sidewalk": ("str | None", "sidewalk presence on a road: both, left, right, separate, no"),
    "crossing": ("str | None", "crossing type where the edge crosses a road"),
    "barrier": ("str | None", "a barrier on or at the end of the edge (bollard, gate, ...)"),
    "bridge": ("bool | None", "the edge is on a bridge"),
    "tunnel": ("bool | None", "the edge is in a tunnel or underpass"),
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
    return out
