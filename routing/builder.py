"""Turn ways from any source into one osmnx-style pedestrian ``MultiDiGraph``."""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import osmnx as ox
from shapely.geometry import LineString

from routing.schema import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, reversed_attributes

log = logging.getLogger(__name__)

WGS84 = "epsg:4326"


@dataclass
class Way:
    """A polyline of the network with its attributes, in the direction it was drawn.

    ``nodes`` holds one key per vertex; vertices with equal keys are the same graph node.
    ``oneway`` means walkable only in the drawn direction (an escalator, a one-way link).
    """

    nodes: Sequence[Hashable]
    attrs: dict[str, Any]
    oneway: bool = False


@dataclass
class WaySet:
    """Ways plus the position and attributes of their vertices."""

    ways: list[Way] = field(default_factory=list)
    node_xy: dict[Hashable, tuple[float, float]] = field(default_factory=dict)
    node_attrs: dict[Hashable, dict[str, Any]] = field(default_factory=dict)


def build_graph(
    ways: WaySet, *, name: str, simplify: bool = True, largest_component: bool = True
) -> nx.MultiDiGraph:
    """Build a pedestrian graph following osmnx conventions from a set of ways.

    Parameters
    ----------
    ways
        The ways, their vertex positions (lon, lat) and vertex attributes.
    name
        A name for the graph, kept in ``G.graph["name"]``.
    simplify
        Merge chains of edges into one edge with a geometry, keeping apart edges whose
        accessibility attributes differ and nodes that carry a barrier, kerb or elevator.
    largest_component
        Keep only the largest weakly connected component.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``x``/``y`` (lon/lat); edges carry ``length`` in metres, ``geometry``
        and every attribute of :data:`routing.schema.EDGE_ATTRIBUTES`.
    """
    started = time.perf_counter()
    G = nx.MultiDiGraph(crs=WGS84, name=name)
    ids: dict[Hashable, int] = {}

    # Nodes: integer ids, lon/lat, and only the node attributes that are known.
    for key, (lon, lat) in ways.node_xy.items():
        ids[key] = len(ids)
        extra = {k: v for k, v in ways.node_attrs.get(key, {}).items() if v is not None}
        G.add_node(ids[key], x=float(lon), y=float(lat), **extra)

    # Edges: one per segment and direction; what is met at a node is carried by edges entering it.
    for way in ways.ways:
        for a, b in zip(way.nodes[:-1], way.nodes[1:], strict=True):
            u, v = ids[a], ids[b]
            if u == v:
                continue
            _add_segment(G, u, v, way.attrs)
            if not way.oneway:
                _add_segment(G, v, u, reversed_attributes(way.attrs))
    raw_nodes, raw_edges = len(G), len(G.edges)

    if largest_component and len(G):
        G = ox.truncate.largest_component(G, strongly=False)
    kept_share = len(G) / raw_nodes if raw_nodes else 0.0
    if simplify and len(G):
        G = ox.simplify_graph(
            G,
            edge_attrs_differ=list(EDGE_ATTRIBUTES),
            node_attrs_include=list(NODE_ATTRIBUTES),
            remove_rings=False,
        )
    _finish_edges(G)
    G.graph["largest_component_share"] = kept_share
    log.info(
        "Built graph %s: %d nodes, %d edges from %d raw nodes (%.1f %% in the largest "
        "component) in %.1f s",
        name,
        len(G),
        len(G.edges),
        raw_nodes,
        100 * kept_share,
        time.perf_counter() - started,
    )
    log.debug("raw edges before simplification: %d", raw_edges)
    return G


def _add_segment(G: nx.MultiDiGraph, u: int, v: int, attrs: dict[str, Any]) -> None:
    data = dict(attrs)
    head = G.nodes[v]
    if head.get("barrier") and not data.get("barrier"):
        data["barrier"] = head["barrier"]
    if head.get("kerb_height_m") is not None:
        known = data.get("kerb_height_m")
        data["kerb_height_m"] = max(head["kerb_height_m"], known or 0.0)
    if head.get("elevator"):
        data["elevator"] = True
    if head.get("crossing") and not data.get("crossing"):
        data["crossing"] = head["crossing"]
    data["length"] = float(
        ox.distance.great_circle(G.nodes[u]["y"], G.nodes[u]["x"], head["y"], head["x"])
    )
    G.add_edge(u, v, **data)


def _finish_edges(G: nx.MultiDiGraph) -> None:
    """Give every edge a geometry and plain (non-list) attribute values."""
    for u, v, data in G.edges(data=True):
        if "geometry" not in data:
            data["geometry"] = LineString(
                [(G.nodes[u]["x"], G.nodes[u]["y"]), (G.nodes[v]["x"], G.nodes[v]["y"])]
            )
        for key in EDGE_ATTRIBUTES:
            value = data.get(key)
            if isinstance(value, list):
                # Simplification keeps differing attributes apart, so a list holds one value
                # repeated, or several names of one street.
                data[key] = value[0] if key != "name" else "; ".join(sorted(set(map(str, value))))
            elif key not in data:
                data[key] = None
        data.pop("merged_edges", None)


def local_metres(lon: np.ndarray, lat: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat to metres on a local equirectangular plane around latitude ``lat0``.

    Good to about 0.1 % over a few kilometres, which is all a ward needs.
    """
    k = 111_320.0
    return np.asarray(lon) * k * np.cos(np.radians(lat0)), np.asarray(lat) * 110_574.0


def union_near(
    points_m: np.ndarray, tolerance_m: float, candidates: np.ndarray
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``i`` in ``candidates`` and point ``j`` within ``tolerance_m``."""
    from scipy.spatial import cKDTree

    tree = cKDTree(points_m)
    pairs: list[tuple[int, int]] = []
    hits = tree.query_ball_point(points_m[candidates], r=tolerance_m)
    for i, near in zip(candidates.tolist(), hits, strict=True):
        pairs.extend((i, j) for j in near if j != i)
    return pairs


def ways_from_lines(
    lines: Iterable[tuple[list[tuple[float, float]], dict[str, Any]]],
    *,
    tolerance_m: float,
) -> WaySet:
    """Join lines that carry no node ids into a network by their coordinates.

    Each line is ``(coords, attrs)``. Vertices at the same coordinates (to about 1 cm) are one
    node, as a shared OSM node is the only way two lines come to share a vertex exactly. End
    points also join any vertex within ``tolerance_m``, which mends lines cut at tile edges.
    """
    lines = list(lines)
    key_of: dict[tuple[float, float], int] = {}
    xy: list[tuple[float, float]] = []
    line_keys: list[list[int]] = []
    is_end: list[bool] = []

    for coords, _attrs in lines:
        keys = []
        last = len(coords) - 1
        for i, (lon, lat) in enumerate(coords):
            k = (round(lon, 7), round(lat, 7))
            if k not in key_of:
                key_of[k] = len(xy)
                xy.append((lon, lat))
                is_end.append(False)
            if i in (0, last):
                is_end[key_of[k]] = True
            keys.append(key_of[k])
        line_keys.append(keys)

    # Union-find over vertices: end points join every vertex near them.
    parent = list(range(len(xy)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if xy:
        arr = np.asarray(xy)
        mx, my = local_metres(arr[:, 0], arr[:, 1], float(arr[:, 1].mean()))
        pts = np.column_stack([mx, my])
        ends = np.flatnonzero(np.asarray(is_end))
        for i, j in union_near(pts, tolerance_m, ends):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

    out = WaySet()
    for (_coords, attrs), keys in zip(lines, line_keys, strict=True):
        roots = [find(k) for k in keys]
        for r in roots:
            out.node_xy.setdefault(r, xy[r])
        out.ways.append(Way(nodes=roots, attrs=attrs))
    return out
