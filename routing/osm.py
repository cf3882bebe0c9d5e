"""Read a standard OSM file (.osm XML or .osm.pbf) with full tags into pedestrian ways."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import osmium

from routing.builder import Way, WaySet
from routing.errors import DataSourceError
from routing.schema import WALKABLE_HIGHWAYS, reversed_attributes
from routing.tags import is_walkable, node_attributes, way_attributes

log = logging.getLogger(__name__)

# Node tags worth keeping: what a person meets at a point.
_NODE_KEYS = ("barrier", "kerb", "kerb:height", "highway", "crossing")


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


def ways_from_osm_file(path: Path) -> WaySet:
    """Walkable ways of an OSM XML or PBF file, joined by their OSM node ids.

    Raises
    ------
    DataSourceError
        If the file cannot be read or holds no walkable way.
    """
    path = Path(path)
    if not path.exists():
        raise DataSourceError(f"no such OSM file: {path}")
    collector = _Collector()
    try:
        collector.apply_file(str(path), locations=True)
    except RuntimeError as exc:
        raise DataSourceError(f"cannot read OSM file {path}: {exc}") from exc
    if not collector.ways:
        raise DataSourceError(f"{path} holds no walkable way")

    out = WaySet()
    for refs, tags in collector.ways:
        for ref in refs:
            out.node_xy.setdefault(ref, collector.locations[ref])
            if ref in collector.node_tags and ref not in out.node_attrs:
                out.node_attrs[ref] = node_attributes(collector.node_tags[ref])
        # A moving walkway or escalator carries people one way only.
        conveying = tags.get("conveying")
        attrs = way_attributes(tags, source="osm")
        if conveying == "backward":
            refs, attrs = list(reversed(refs)), reversed_attributes(attrs)
        oneway = conveying in ("forward", "backward")
        out.ways.append(Way(nodes=list(refs), attrs=attrs, oneway=oneway))
    log.info("Read %d walkable ways, %d nodes from %s", len(out.ways), len(out.node_xy), path)
    return out
