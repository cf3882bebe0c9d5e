"""Load a pedestrian graph from any supported source, caching what was built under ``data/``."""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import time
from pathlib import Path

import networkx as nx

from routing.area import ServiceArea
from routing.builder import build_graph
from routing.config import cache_dir, shared_dir
from routing.errors import DataSourceError

log = logging.getLogger(__name__)

# Raise when the graph format or the way it is built changes, so old caches are rebuilt.
GRAPH_FORMAT_VERSION = 5

MEGURO = "meguro"


def meguro_streets() -> Path:
    """The bundled Meguro streets: OpenMapTiles transportation layer, May 2022."""
    return shared_dir() / "data" / "osm" / "meguro_osm_transport_2022-05_mvt.geojson"


def meguro_boundary() -> Path:
    """The Meguro ward boundary polygon."""
    return shared_dir() / "data" / "boundary" / "meguro_boundary_osm_2021-08_mvt.geojson"


def detect_kind(path: Path) -> str:
    """Which reader a path needs: ``osm``, ``vector-tiles``, ``omt-geojson`` or ``mlit-nwd``."""
    name = path.name.lower()
    if path.is_dir():
        return "vector-tiles"
    if name.endswith((".osm", ".osm.pbf", ".pbf", ".osm.xml", ".osm.bz2", ".osm.gz")):
        return "osm"
    if name.endswith((".geojson", ".json")):
        with open(path, encoding="utf-8") as f:
            head = f.read(200_000)
        if '"start_id"' in head and '"end_id"' in head:
            return "mlit-nwd"
        return "omt-geojson"
    raise DataSourceError(
        f"cannot tell the format of {path}: expected .osm, .osm.pbf, a vector-tile folder, "
        "an OpenMapTiles GeoJSON or MLIT pedestrian-network links"
    )


def build_from_source(source: str | Path) -> nx.MultiDiGraph:
    """Build a graph from a source without caching. ``source`` is a path or ``place:NAME``."""
    if isinstance(source, str) and source.startswith("place:"):
        return _from_place(source.removeprefix("place:"))
    path = Path(source)
    if not path.exists():
        raise DataSourceError(f"no such file or folder: {path}")
    kind = detect_kind(path)
    if kind == "osm":
        from routing.osm import ways_from_osm_file

        return build_graph(ways_from_osm_file(path), name=path.name)
    if kind == "mlit-nwd":
        from routing.nwd import ways_from_nwd_geojson

        return build_graph(ways_from_nwd_geojson(path), name=path.name)
    from routing import mvt

    features = (
        mvt.read_tile_features(path) if kind == "vector-tiles" else mvt.read_geojson_features(path)
    )
    return build_graph(mvt.waysets_from_features(features), name=path.name)


# OSM tags the online download must keep so that the graph knows what we know offline.
ONLINE_WAY_TAGS = (
    "highway",
    "name",
    "step_count",
    "ramp",
    "ramp:wheelchair",
    "ramp:stroller",
    "handrail",
    "incline",
    "kerb",
    "kerb:height",
    "sidewalk",
    "sidewalk:left",
    "sidewalk:right",
    "sidewalk:both",
    "footway",
    "crossing",
    "surface",
    "smoothness",
    "width",
    "est_width",
    "wheelchair",
    "barrier",
    "access",
    "foot",
    "bridge",
    "tunnel",
    "layer",
    "level",
    "conveying",
    "area",
    "tactile_paving",
    "oneway",
    "service",
)
ONLINE_NODE_TAGS = ("barrier", "kerb", "kerb:height", "highway", "crossing", "wheelchair")


def _from_place(place: str) -> nx.MultiDiGraph:
    """Fetch current OSM data for a place through osmnx (needs internet).

    The walk network is downloaded unsimplified with every accessibility tag kept, written as
    OSM XML and read like any OSM file, so that online and offline graphs are built alike.
    """
    import osmnx as ox

    configure_osmnx_tags()
    G = ox.graph_from_place(place, network_type="walk", simplify=False, retain_all=True)
    return graph_from_osmnx(G, name=place)


def configure_osmnx_tags() -> None:
    """Make osmnx keep every tag the pedestrian graph reads, and the direction of ways."""
    import osmnx as ox

    ox.settings.useful_tags_way = list(ONLINE_WAY_TAGS)
    ox.settings.useful_tags_node = list(ONLINE_NODE_TAGS)
    ox.settings.all_oneway = True  # keeps way direction, which save_graph_xml needs


def graph_from_osmnx(G_osm: nx.MultiDiGraph, *, name: str) -> nx.MultiDiGraph:
    """Rebuild an unsimplified osmnx graph (made after :func:`configure_osmnx_tags`) as ours."""
    import tempfile

    import osmnx as ox

    from routing.osm import ways_from_osm_file

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "osmnx.osm"
        ox.io.save_graph_xml(G_osm, out)
        return build_graph(ways_from_osm_file(out), name=name)


def _cache_key(source: str | Path) -> str:
    parts: list[str] = [str(GRAPH_FORMAT_VERSION), str(source)]
    path = Path(str(source))
    if path.exists():
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                st = f.stat()
                parts.append(f"{f.name}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_graph(source: str | Path | None = None, *, refresh: bool = False) -> nx.MultiDiGraph:
    """Load the graph for ``source`` (default: bundled Meguro), from the cache when it is fresh.

    Parameters
    ----------
    source
        A path to an OSM file, a vector-tile folder, an OpenMapTiles GeoJSON or MLIT
        pedestrian-network links; ``place:NAME`` to fetch from OSM online; ``None`` or
        ``"meguro"`` for the bundled Meguro data.
    refresh
        Rebuild even if a cached graph exists.
    """
    if source is None or source == MEGURO:
        source = meguro_streets()
    key = _cache_key(source)
    cached = cache_dir() / f"graph-{key}.pickle"
    if cached.exists() and not refresh:
        started = time.perf_counter()
        with open(cached, "rb") as f:
            G = pickle.load(f)
        log.info(
            "Loaded cached graph: %d nodes, %d edges from %s in %.1f s",
            len(G),
            len(G.edges),
            cached,
            time.perf_counter() - started,
        )
        return G
    G = build_from_source(source)
    G.graph["source"] = str(source)
    tmp = cached.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cached)
    meta = {"source": str(source), "nodes": len(G), "edges": len(G.edges)}
    cached.with_suffix(".json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    log.info("Cached graph (%d nodes, %d edges) at %s", len(G), len(G.edges), cached)
    return G


def service_area_for(
    source: str | Path | None, G: nx.MultiDiGraph, boundary: Path | None = None
) -> ServiceArea:
    """The given boundary, Meguro's for the bundled data, else the hull of the graph.

    A boundary is cut to where the graph has streets (its hull and a snapping distance around
    it), so a point in the area but beyond the data is refused as outside, with its distance.
    """
    import shapely
    from shapely.geometry import MultiPoint

    nodes = MultiPoint([(d["x"], d["y"]) for _, d in G.nodes(data=True)])
    hull = nodes.convex_hull
    if boundary is not None:
        area = ServiceArea.from_geojson(boundary)
    elif source is None or source == MEGURO or Path(str(source)) == meguro_streets():
        area = ServiceArea.from_geojson(meguro_boundary(), name="Meguro ward")
    else:
        return ServiceArea.from_polygon(hull, buffer_m=100.0, name=G.graph.get("name", "graph"))
    # A concave hull follows bays in the data that a convex one would paper over.
    return area.clipped_to(shapely.concave_hull(nodes, ratio=0.02), margin_m=100.0)
