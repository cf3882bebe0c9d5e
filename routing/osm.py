"""Read a standard OSM file (.osm XML or .osm.pbf) with full tags into pedestrian ways."""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import osmium

from routing.builder import Way, WaySet
from routing.errors import DataSourceError
from routing.schema import WALKABLE_HIGHWAYS, reversed_attributes
from routing.tags import is_walkable, node_attributes, way_attributes, worst_kerb

log = logging.getLogger(__name__)

# Node tags worth keeping: what a person meets at a point.
_NODE_KEYS = ("barrier", "kerb", "kerb:height", "highway", "crossing", "crossing:markings")


class _Collector(osmium.SimpleHandler):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.ways: list[tuple[list[int], dict[str, str]]] = []
        self.node_tags: dict[int, dict[str, str]] = {}
        self.locations: dict[int, tuple[float, float]] = {}

    def node(self, n: Any) -> None:
        tags = {k: n.tags.get(k) for k in _NODE_KEYS if k in n.tags}
        if tags:
            self.node_tags[n.id] = tags

    def way(self, w: Any) -> None:
        tags = dict(w.tags)
        if not is_walkable(tags, WALKABLE_HIGHWAYS):
            return
        refs = []
        for nd in w.nodes:
            if not nd.location.valid():
                continue
            refs.append(nd.ref)
            self.locations[nd.ref] = (nd.location.lon, nd.location.lat)
        if len(refs) >= 2:
            self.ways.append((refs, tags))


def apply_osm_file(path: Path, handler: osmium.SimpleHandler) -> None:
    """Run an osmium handler over an OSM XML or PBF file, with node locations.

    Raises
    ------
    DataSourceError
        If the file does not exist or cannot be read as OSM data.
    """
    if not Path(path).exists():
        raise DataSourceError(f"no such OSM file: {path}")
    try:
        handler.apply_file(str(path), locations=True)
    except (RuntimeError, ValueError) as exc:
        raise DataSourceError(
            f"cannot read OSM file {path}: {exc}. Expected OSM XML (.osm) or PBF (.osm.pbf)."
        ) from exc


def ways_from_osm_file(path: Path) -> WaySet:
    """Walkable ways of an OSM XML or PBF file, joined by their OSM node ids.

    Raises
    ------
    DataSourceError
        If the file cannot be read or holds no walkable way.
    """
    path = Path(path)
    collector = _Collector()
    apply_osm_file(path, collector)
    if not collector.ways:
        raise DataSourceError(
            f"{path} holds no walkable way (no highway=footway, steps, residential, ... "
            "with at least two located nodes)"
        )

    out = WaySet()
    for refs, tags in collector.ways:
        for ref in refs:
            out.node_xy.setdefault(ref, collector.locations[ref])
            if ref in collector.node_tags and ref not in out.node_attrs:
                out.node_attrs[ref] = node_attributes(collector.node_tags[ref])
        attrs = way_attributes(tags, source="osm")
        direction = _one_way_direction(tags)
        if direction == "backward":
            refs, attrs = list(reversed(refs)), reversed_attributes(attrs)
        for piece_refs, piece_attrs in _split_at_kerbs(refs, attrs, out.node_attrs):
            out.ways.append(Way(nodes=piece_refs, attrs=piece_attrs, oneway=direction is not None))
    log.info("Read %d walkable ways, %d nodes from %s", len(out.ways), len(out.node_xy), path)
    return out


def _one_way_direction(tags: dict[str, str]) -> str | None:
    """``forward`` or ``backward`` if people may walk the way one way only, else None.

    An escalator or moving walkway (``conveying``) carries people one way; ``oneway:foot``
    restricts walkers. ``oneway`` alone is for vehicles and does not bind people on foot.
    """
    conveying = (tags.get("conveying") or "").strip().lower()
    if conveying in ("forward", "backward"):
        return conveying
    oneway_foot = (tags.get("oneway:foot") or "").strip().lower()
    if oneway_foot in ("yes", "true", "1"):
        return "forward"
    if oneway_foot == "-1":
        return "backward"
    return None


def _split_at_kerbs(
    refs: list[int], attrs: dict[str, Any], node_attrs: Mapping[Hashable, dict[str, Any]]
) -> list[tuple[list[int], dict[str, Any]]]:
    """Cut a way so that the stretches touching a kerb node carry that kerb's category.

    A way whose own tags state a kerb keeps it throughout. Elsewhere each segment takes the
    worst kerb category of its two end nodes, and runs of equal categories stay one piece.
    """
    if attrs.get("kerb") is not None or not any(node_attrs.get(r, {}).get("kerb") for r in refs):
        return [(list(refs), attrs)]
    pieces: list[tuple[list[int], dict[str, Any]]] = []
    for a, b in zip(refs[:-1], refs[1:], strict=True):
        kerb = worst_kerb(node_attrs.get(a, {}).get("kerb"), node_attrs.get(b, {}).get("kerb"))
        if pieces and pieces[-1][1]["kerb"] == kerb:
            pieces[-1][0].append(b)
        else:
            pieces.append(([a, b], {**attrs, "kerb": kerb}))
    return pieces
