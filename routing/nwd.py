"""Read Japan's national pedestrian network data (MLIT 歩行空間ネットワークデータ) into ways.

The link table (2018 specification) gives each link coded classes rather than measurements:
width classes, "slope over 5 %", "step over 2 cm". They are mapped into the common schema
without inventing numbers:

* width class 1 (< 1 m): ``width_m`` unknown, ``width_max_m`` 1.0. A wheelchair needs 0.9 m,
  which such a link may or may not have, so the profile's unknown-width policy decides.
  Classes 2-4 give their lower bound as ``width_m`` (1, 2, 3 m) and their upper bound as
  ``width_max_m`` (2, 3, none).
* vtcl_slope 1 (at most 5 %): ``incline_min_percent`` -5, ``incline_max_percent`` 5.
  vtcl_slope 2 / 3 (over 5 % rising / falling from start to end): ``incline_min_percent`` 5
  or ``incline_max_percent`` -5, in the link's direction, so they flip on the way back.
  ``incline_percent`` stays unknown: the data states no slope.
* lev_diff 1 (step at most 2 cm): ``kerb_height_m`` 0.02, the most it allows.
  lev_diff 2 (over 2 cm): ``barrier="kerb"``, which wheels cannot pass, height unknown.
* route_type 6 stairs and 5 escalators are ``steps`` (escalators also ``conveying``);
  4 elevators are ``elevator``; 7 ramps are ``ramp``; 2 moving walkways are ``conveying``.
* direction 2 / 3: one way, start to end / end to start.
* rt_struct 6 footbridge is ``bridge``, 5 underground ``tunnel``, 7 indoor ``covered``,
  3 / 4 crossings ``crossing`` marked / unmarked; brail_tile is ``tactile_paving``; roof is
  ``covered``. 99 is unknown throughout.

Credit: 国土交通省 歩行空間ネットワークデータ (see ``maps.MLIT_ATTRIBUTION``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from routing.builder import Way, WaySet
from routing.errors import DataSourceError
from routing.schema import blank_attributes, reversed_attributes

log = logging.getLogger(__name__)

SOURCE = "mlit-nwd"
UNKNOWN = 99

# The spec's thresholds, in its own units.
NWD_SLOPE_CLASS_PERCENT = 5.0  # percent; vtcl_slope separates slopes at 5 %
NWD_STEP_CLASS_M = 0.02  # metres; lev_diff separates steps at 2 cm

#: width class -> (at least, at most) in metres.
WIDTH_CLASSES_M: dict[int, tuple[float | None, float | None]] = {
    1: (None, 1.0),
    2: (1.0, 2.0),
    3: (2.0, 3.0),
    4: (3.0, None),
}

#: route_type -> highway class.
_HIGHWAY_OF_ROUTE_TYPE = {4: "elevator", 5: "steps", 6: "steps"}
#: rt_struct -> highway class when the route type does not decide it.
_HIGHWAY_OF_STRUCTURE = {2: "living_street", 7: "corridor"}

_REQUIRED = ("start_id", "end_id")


def _code(props: dict[str, Any], key: str) -> int | None:
    """A code of the table, or None when missing, unknown (99) or not a number."""
    value = props.get(key)
    try:
        code = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if code == UNKNOWN else code


def link_attributes(props: dict[str, Any]) -> dict[str, Any]:
    """Schema attributes of one link, in the direction start -> end.

    >>> a = link_attributes({"route_type": 6, "vtcl_slope": 2, "width": 1, "lev_diff": 2})
    >>> a["steps"], a["incline_min_percent"], a["width_m"], a["width_max_m"], a["barrier"]
    (True, 5.0, None, 1.0, 'kerb')
    """
    structure = _code(props, "rt_struct")
    route_type = _code(props, "route_type")
    width_low, width_high = WIDTH_CLASSES_M.get(_code(props, "width") or 0, (None, None))

    slope = _code(props, "vtcl_slope")
    incline_bounds: tuple[float | None, float | None] = {
        1: (-NWD_SLOPE_CLASS_PERCENT, NWD_SLOPE_CLASS_PERCENT),
        2: (NWD_SLOPE_CLASS_PERCENT, None),
        3: (None, -NWD_SLOPE_CLASS_PERCENT),
    }.get(slope or 0, (None, None))

    step = _code(props, "lev_diff")
    tactile = _code(props, "brail_tile")
    roof = _code(props, "roof")
    elevator_kind = _code(props, "elevator")

    wheelchair = None
    if route_type == 4:
        # 3 wheelchair, 5 wheelchair and visually impaired; 2 and 4 lack wheelchair fittings.
        wheelchair = {2: "limited", 3: "yes", 4: "limited", 5: "yes"}.get(elevator_kind or 0)
    elif route_type == 5:
        wheelchair = "no"  # escalators cannot carry a wheelchair

    highway = _HIGHWAY_OF_ROUTE_TYPE.get(route_type or 0) or _HIGHWAY_OF_STRUCTURE.get(
        structure or 0, "footway"
    )
    crossing = {3: "marked", 4: "unmarked"}.get(structure or 0)
    if route_type == 3:
        crossing = "railway"

    return blank_attributes(
        highway=highway,
        steps=route_type in (5, 6),
        ramp=True if route_type == 7 else None,
        incline_min_percent=incline_bounds[0],
        incline_max_percent=incline_bounds[1],
        incline_source=SOURCE if slope is not None else None,
        kerb_height_m=NWD_STEP_CLASS_M if step == 1 else None,
        barrier="kerb" if step == 2 else None,
        width_m=width_low,
        width_max_m=width_high,
        wheelchair=wheelchair,
        elevator=route_type == 4,
        conveying=route_type in (2, 5) if route_type is not None else None,
        sidewalk={1: "yes", 2: "no"}.get(structure or 0),
        crossing=crossing,
        bridge=structure == 6 if structure is not None else None,
        tunnel=structure == 5 if structure is not None else None,
        covered=(roof == 2 or structure in (5, 7)) if roof is not None else None,
        tactile_paving={1: False, 2: True}.get(tactile or 0),
        source=SOURCE,
    )


def ways_from_nwd_geojson(path: Path) -> WaySet:
    """Links of an MLIT pedestrian-network GeoJSON, joined by their ``start_id``/``end_id``.

    Parameters
    ----------
    path
        A GeoJSON FeatureCollection of links with the 2018-spec properties.

    Returns
    -------
    WaySet
        One way per link; nodes keyed by the network's node ids.

    Raises
    ------
    DataSourceError
        If the file is not JSON, not a FeatureCollection, or a link lacks its node ids or a
        line geometry.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataSourceError(f"cannot read pedestrian-network links {path}: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise DataSourceError(f"{path} is not a GeoJSON FeatureCollection")

    out = WaySet()
    for number, feature in enumerate(features):
        props = feature.get("properties") or {}
        missing = [key for key in _REQUIRED if props.get(key) in (None, "")]
        if missing:
            raise DataSourceError(f"link {number} of {path} has no {', '.join(missing)}")
        coords = _line_coords(feature.get("geometry"))
        if coords is None:
            raise DataSourceError(f"link {number} of {path} has no LineString geometry")

        start, end = str(props["start_id"]), str(props["end_id"])
        if start == end:
            continue
        # The link's own vertices stay apart from other links'; only its ends are shared nodes.
        keys: list[Any] = [start, *((number, i) for i in range(1, len(coords) - 1)), end]
        for key, xy in zip(keys, coords, strict=True):
            out.node_xy.setdefault(key, xy)

        attrs = link_attributes(props)
        direction = _code(props, "direction")
        if direction == 3:
            keys, attrs = keys[::-1], reversed_attributes(attrs)
        out.ways.append(Way(nodes=keys, attrs=attrs, oneway=direction in (2, 3)))

    if not out.ways:
        raise DataSourceError(f"{path} holds no link")
    log.info(
        "Read %d pedestrian-network links, %d nodes from %s", len(out.ways), len(out.node_xy), path
    )
    return out


def _line_coords(geometry: Any) -> list[tuple[float, float]] | None:
    """The lon/lat vertices of a LineString (or a MultiLineString drawn as one line)."""
    if not isinstance(geometry, dict):
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "MultiLineString" and isinstance(coords, list):
        coords = [pt for part in coords for pt in part]
    elif kind != "LineString" or not isinstance(coords, list):
        return None
    try:
        line = [(float(pt[0]), float(pt[1])) for pt in coords]
    except (TypeError, ValueError, IndexError):
        return None
    return line if len(line) >= 2 else None
