"""The drive graph: streets a taxi may use, their one-way rules, urban speeds and travel times.

Built from the same sources as the pedestrian graph (OpenMapTiles vector tiles or their decoded
GeoJSON, and full-tag OSM files), kept as an osmnx-style ``MultiDiGraph`` whose edges carry
``length`` (m), ``speed_kph``, ``travel_time_s``, ``oneway`` and the OSM ``highway`` class.

Choices
-------
* Motorways are left out by default. The one motorway in and around Meguro is the elevated
  Shuto Expressway (Route 3 and the Central Circular Route, in tunnel): it is tolled and its
  few ramps lie outside the ward or serve long trips, so a taxi on a trip inside the ward never
  gains by it, while a graph that includes it would let routes hop on and off between any two
  points where its lines meet a street by coordinates. ``motorways=True`` keeps it for
  longer-range use.
* Ways for people, bicycles or horses only (footway, path, steps, pedestrian, cycleway,
  bridleway, corridor, platform, elevator, track) and roads under construction are left out.
* The graph keeps only its largest *strongly* connected component: a taxi must be able to
  drive from every node to every other, so one-way dead ends and islands are dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
import time
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import osmium
import osmnx as ox

from routing.builder import Way, WaySet, build_graph, ways_from_lines
from routing.config import JOIN_TOLERANCE_M, cache_dir
from routing.errors import DataSourceError
from routing.osm import apply_osm_file
from routing.schema import blank_attributes

log = logging.getLogger(__name__)

# Raise when the way the drive graph is built changes, so old caches are rebuilt.
DRIVE_GRAPH_VERSION = 1

# Speeds by road class, in km/h: what a taxi averages on such a road in central Tokyo in the
# daytime, signal delay included; not legal limits. The legal limit on a general road without
# signs is 60 km/h (Road Traffic Act Enforcement Order, art. 11) and many residential areas are
# signed 30 km/h ("Zone 30"), while the national road traffic census (道路交通センサス) measures
# average peak-hour travel speeds on the general roads of the Tokyo wards below 20 km/h. The
# values sit between the two; they are assumptions to calibrate against taxi probe data.
DRIVE_SPEEDS_KPH: dict[str, float] = {
    "motorway": 50.0,  # Shuto Expressway, congested daytime average; only with motorways=True
    "motorway_link": 30.0,  # ramps
    "trunk": 35.0,  # national routes (246, Meguro-dori): wide, long signal cycles
    "trunk_link": 25.0,
    "primary": 30.0,  # metropolitan roads (Yamate-dori, Komazawa-dori)
    "primary_link": 20.0,
    "secondary": 30.0,
    "secondary_link": 20.0,
    "tertiary": 25.0,  # collector streets with frequent crossings
    "tertiary_link": 20.0,
    "unclassified": 20.0,  # narrow two-lane streets
    "residential": 20.0,  # 4-6 m streets, many in Zone 30, parked cars and pedestrians
    "road": 20.0,  # class unknown: treated as a residential street
    "living_street": 10.0,  # shared space, walking pace for cars
    "service": 10.0,  # alleys, driveways and car parks
}

#: Highway classes a taxi may use when motorways are left out.
DRIVABLE_HIGHWAYS: frozenset[str] = frozenset(DRIVE_SPEEDS_KPH) - {"motorway", "motorway_link"}
MOTORWAY_HIGHWAYS: frozenset[str] = frozenset({"motorway", "motorway_link"})

# Edge attributes whose change along a street keeps simplified edges apart.
_EDGES_DIFFER = ["highway", "speed_kph", "oneway", "name", "bridge", "tunnel"]

# Full-tag OSM: access values that close a way to taxis, and barriers a car cannot pass.
_NO_ACCESS = frozenset({"no", "private", "agricultural", "forestry", "delivery", "emergency"})
_ACCESS_KEYS = ("access", "vehicle", "motor_vehicle", "motorcar")
_TAXI_KEYS = ("taxi", "psv")
_BLOCKING_BARRIERS = frozenset(
    {
        "block",
        "bollard",
        "chain",
        "cycle_barrier",
        "full-height_turnstile",
        "jersey_barrier",
        "kissing_gate",
        "log",
        "motorcycle_barrier",
        "stile",
        "turnstile",
        "wall",
        "fence",
    }
)

_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*$")
_MPH_KPH = 1.609344


def drivable_highways(*, motorways: bool = False) -> frozenset[str]:
    """The highway classes of the drive graph."""
    return DRIVABLE_HIGHWAYS | MOTORWAY_HIGHWAYS if motorways else DRIVABLE_HIGHWAYS


def parse_maxspeed_kph(value: object) -> float | None:
    """Read an OSM ``maxspeed`` value in km/h; ``None`` for anything but a plain number.

    >>> parse_maxspeed_kph("30")
    30.0
    >>> round(parse_maxspeed_kph("20 mph"), 1)
    32.2
    >>> parse_maxspeed_kph("JP:urban") is None
    True
    """
    if value is None:
        return None
    match = _SPEED.match(str(value).strip().lower())
    if not match:
        return None
    number = float(match.group(1))
    if number <= 0:
        return None
    return number * _MPH_KPH if match.group(2) == "mph" else number


# --- OpenMapTiles features -------------------------------------------------------------------


def drive_ways_from_features(
    features: Iterable[dict[str, Any]],
    *,
    motorways: bool = False,
    tolerance_m: float = JOIN_TOLERANCE_M,
) -> WaySet:
    """Join the drivable OpenMapTiles features into ways with shared nodes.

    The OpenMapTiles ``oneway`` property is 1 for a one-way street in the drawn direction and
    -1 for one in the opposite direction; a line of the latter kind is reversed.
    """
    from routing.mvt import _lines, highway_of

    allowed = drivable_highways(motorways=motorways)
    lines: list[tuple[list[tuple[float, float]], dict[str, Any]]] = []
    skipped = 0
    for feat in features:
        props = feat.get("properties") or {}
        highway = _omt_highway(props, highway_of)
        if highway not in allowed:
            skipped += 1
            continue
        direction = _omt_oneway(props.get("oneway"))
        attrs = _drive_attributes(
            highway,
            name=props.get("name") or props.get("name:latin") or None,
            oneway=direction != 0,
            bridge=props.get("brunnel") == "bridge",
            tunnel=props.get("brunnel") == "tunnel",
            source="osm-vector-tiles",
        )
        for coords in _lines(feat.get("geometry") or {}):
            if len(coords) >= 2:
                lines.append((coords[::-1] if direction < 0 else coords, attrs))
    ways = ways_from_lines(lines, tolerance_m=tolerance_m)
    for way in ways.ways:
        way.oneway = bool(way.attrs["oneway"])
    log.info("Kept %d drivable line pieces, skipped %d other features", len(lines), skipped)
    return ways


def _omt_highway(props: dict[str, Any], highway_of: Any) -> str | None:
    """The OSM highway value of a feature, motorways and their ramps included."""
    if props.get("class") == "motorway":
        return "motorway_link" if props.get("ramp") else "motorway"
    return highway_of(props)  # type: ignore[no-any-return]


def _omt_oneway(value: object) -> int:
    try:
        number = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return 1 if number > 0 else (-1 if number < 0 else 0)


# --- full-tag OSM files ----------------------------------------------------------------------


class _DriveCollector(osmium.SimpleHandler):  # type: ignore[misc]
    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__()
        self.allowed = allowed
        self.ways: list[tuple[list[int], dict[str, str]]] = []
        self.locations: dict[int, tuple[float, float]] = {}
        self.barriers: set[int] = set()

    def node(self, n: Any) -> None:
        barrier = n.tags.get("barrier")
        if barrier in _BLOCKING_BARRIERS and not _taxi_allowed_by(dict(n.tags)):
            self.barriers.add(n.id)

    def way(self, w: Any) -> None:
        tags = dict(w.tags)
        if not is_drivable(tags, self.allowed):
            return
        refs = []
        for nd in w.nodes:
            if nd.location.valid():
                refs.append(nd.ref)
                self.locations[nd.ref] = (nd.location.lon, nd.location.lat)
        if len(refs) >= 2:
            self.ways.append((refs, tags))


def _taxi_allowed_by(tags: dict[str, str]) -> bool:
    return any(
        (tags.get(k) or "").strip().lower() in ("yes", "designated") for k in _TAXI_KEYS
    ) or (
        (tags.get("motor_vehicle") or tags.get("motorcar") or "").strip().lower()
        in ("yes", "designated", "destination")
    )


def is_drivable(tags: dict[str, str], allowed: frozenset[str] = DRIVABLE_HIGHWAYS) -> bool:
    """Whether a taxi may use an OSM way with these tags.

    >>> is_drivable({"highway": "residential"})
    True
    >>> is_drivable({"highway": "residential", "motor_vehicle": "no"})
    False
    >>> is_drivable({"highway": "service", "access": "private", "taxi": "yes"})
    True
    >>> is_drivable({"highway": "footway"})
    False
    """
    if (tags.get("highway") or "").strip().lower() not in allowed:
        return False
    if (tags.get("area") or "").strip().lower() == "yes":
        return False
    if _taxi_allowed_by(tags):
        return True
    # The most specific access key that is set decides.
    for key in reversed(_ACCESS_KEYS):
        value = (tags.get(key) or "").strip().lower()
        if value:
            return value not in _NO_ACCESS
    return True


def osm_oneway(tags: dict[str, str]) -> int:
    """1 if cars may drive the way in its drawn direction only, -1 if only against it, else 0.

    >>> osm_oneway({"oneway": "yes"}), osm_oneway({"oneway": "-1"}), osm_oneway({})
    (1, -1, 0)
    >>> osm_oneway({"junction": "roundabout"}), osm_oneway({"highway": "motorway"})
    (1, 1)
    >>> osm_oneway({"junction": "roundabout", "oneway": "no"})
    0
    """
    value = (tags.get("oneway") or "").strip().lower()
    if value in ("yes", "true", "1"):
        return 1
    if value in ("-1", "reverse"):
        return -1
    if value in ("no", "false", "0"):
        return 0
    junction = (tags.get("junction") or "").strip().lower()
    highway = (tags.get("highway") or "").strip().lower()
    if junction in ("roundabout", "circular") or highway == "motorway":
        return 1
    return 0


def drive_ways_from_osm_file(path: Path, *, motorways: bool = False) -> WaySet:
    """Drivable ways of an OSM XML or PBF file, joined by their OSM node ids.

    A node with a barrier a car cannot pass (bollard, block, ...) is not shared: each way
    touching it gets its own copy, so no route drives through it.

    Raises
    ------
    DataSourceError
        If the file cannot be read or holds no drivable way.
    """
    path = Path(path)
    collector = _DriveCollector(drivable_highways(motorways=motorways))
    apply_osm_file(path, collector)
    if not collector.ways:
        raise DataSourceError(
            f"{path} holds no drivable way (no highway=residential, tertiary, primary, ... "
            "open to cars with at least two located nodes)"
        )

    out = WaySet()
    for number, (refs, tags) in enumerate(collector.ways):
        direction = osm_oneway(tags)
        highway = tags["highway"].strip().lower()
        attrs = _drive_attributes(
            highway,
            name=tags.get("name") or None,
            oneway=direction != 0,
            bridge=(tags.get("bridge") or "no") not in ("no", ""),
            tunnel=(tags.get("tunnel") or "no") not in ("no", ""),
            source="osm",
            maxspeed_kph=parse_maxspeed_kph(tags.get("maxspeed")),
        )
        if direction < 0:
            refs = list(reversed(refs))
        for piece in _split_at_barriers(refs, collector.barriers, number):
            for key in piece:
                ref = int(key[0]) if isinstance(key, tuple) else int(key)  # type: ignore[call-overload]
                out.node_xy.setdefault(key, collector.locations[ref])
            out.ways.append(Way(nodes=piece, attrs=attrs, oneway=direction != 0))
    log.info("Read %d drivable ways, %d nodes from %s", len(out.ways), len(out.node_xy), path)
    return out


def _split_at_barriers(refs: list[int], barriers: set[int], way: int) -> list[list[Hashable]]:
    """Cut way number ``way`` at its blocking barrier nodes.

    Each piece meets a barrier at a copy of its node of its own, so no route joins two pieces.

    >>> _split_at_barriers([1, 2, 3], {2}, 0)
    [[1, (2, 0, 1, 'in')], [(2, 0, 1, 'out'), 3]]
    """
    pieces: list[list[Hashable]] = [[]]
    for position, ref in enumerate(refs):
        if ref not in barriers:
            pieces[-1].append(ref)
            continue
        pieces[-1].append((ref, way, position, "in"))
        pieces.append([(ref, way, position, "out")])
    return [p for p in pieces if len(p) >= 2]


# --- the graph -------------------------------------------------------------------------------


def _drive_attributes(highway: str, **known: Any) -> dict[str, Any]:
    maxspeed = known.pop("maxspeed_kph", None)
    oneway = known.pop("oneway")
    attrs = blank_attributes(highway=highway, **known)
    speed = DRIVE_SPEEDS_KPH[highway]
    if maxspeed is not None:
        speed = min(speed, maxspeed)
    attrs["speed_kph"] = speed
    attrs["oneway"] = bool(oneway)
    return attrs


def build_drive_graph(ways: WaySet, *, name: str, simplify: bool = True) -> nx.MultiDiGraph:
    """Build the drive graph from drivable ways.

    Parameters
    ----------
    ways
        Ways whose attributes hold ``highway``, ``speed_kph`` and ``oneway``; a way with
        ``oneway`` set is drivable in its drawn direction only.
    name
        A name for the graph, kept in ``G.graph["name"]``.
    simplify
        Merge chains of edges into one edge with a geometry, summing lengths and travel times.

    Returns
    -------
    networkx.MultiDiGraph
        The largest strongly connected component; edges carry ``length`` (m), ``speed_kph``,
        ``travel_time_s``, ``oneway``, ``highway``, ``name`` and ``geometry``.

    Raises
    ------
    DataSourceError
        If no way is given.
    """
    if not ways.ways:
        raise DataSourceError(f"no drivable way to build the drive graph {name!r} from")
    started = time.perf_counter()
    G = build_graph(ways, name=name, simplify=False, largest_component=False)
    raw_nodes = len(G)
    for _, _, data in G.edges(data=True):
        data["travel_time_s"] = travel_time_s(data["length"], data["speed_kph"])

    G = ox.truncate.largest_component(G, strongly=True)
    kept_share = len(G) / raw_nodes if raw_nodes else 0.0
    if simplify and len(G):
        G = ox.simplify_graph(
            G,
            edge_attrs_differ=_EDGES_DIFFER,
            edge_attr_aggs={"length": sum, "travel_time_s": sum},
            remove_rings=False,
        )
    for _, _, data in G.edges(data=True):
        for key, value in data.items():
            if isinstance(value, list):
                data[key] = value[0]
    G.graph["name"] = name
    G.graph["largest_component_share"] = kept_share
    G.graph["kind"] = "drive"
    log.info(
        "Built drive graph %s: %d nodes, %d edges (%.1f %% of %d raw nodes strongly "
        "connected) in %.1f s",
        name,
        len(G),
        len(G.edges),
        100 * kept_share,
        raw_nodes,
        time.perf_counter() - started,
    )
    return G


def travel_time_s(length_m: float, speed_kph: float) -> float:
    """Seconds to drive ``length_m`` metres at ``speed_kph``.

    >>> travel_time_s(1000.0, 36.0)
    100.0
    """
    return float(length_m) / (float(speed_kph) / 3.6)


def build_drive_from_source(source: str | Path, *, motorways: bool = False) -> nx.MultiDiGraph:
    """Build a drive graph from an OSM file, a vector-tile folder or an OpenMapTiles GeoJSON.

    Raises
    ------
    DataSourceError
        If the source is missing, of an unknown format, or a pedestrian-only format.
    """
    from routing import mvt
    from routing.load import detect_kind

    path = Path(source)
    if not path.exists():
        raise DataSourceError(f"no such file or folder: {path}")
    kind = detect_kind(path)
    if kind == "osm":
        ways = drive_ways_from_osm_file(path, motorways=motorways)
    elif kind == "mlit-nwd":
        raise DataSourceError(
            f"{path} is a pedestrian network (MLIT 歩行空間ネットワーク): it has no roads for cars"
        )
    else:
        features = (
            mvt.read_tile_features(path)
            if kind == "vector-tiles"
            else mvt.read_geojson_features(path)
        )
        ways = drive_ways_from_features(features, motorways=motorways)
    return build_drive_graph(ways, name=path.name)


def _cache_key(source: Path, motorways: bool) -> str:
    parts = [str(DRIVE_GRAPH_VERSION), str(source), f"motorways={motorways}"]
    files = sorted(source.rglob("*")) if source.is_dir() else [source]
    for f in files:
        if f.is_file():
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_drive_graph(
    source: str | Path | None = None, *, motorways: bool = False, refresh: bool = False
) -> nx.MultiDiGraph:
    """Load the drive graph for ``source`` (default: bundled Meguro), cached under ``data/``.

    Parameters
    ----------
    source
        An OSM file, a vector-tile folder or an OpenMapTiles GeoJSON; ``None`` or ``"meguro"``
        for the bundled Meguro streets.
    motorways
        Keep motorways and their ramps.
    refresh
        Rebuild even if a cached graph exists.
    """
    from routing.load import MEGURO, meguro_streets

    path = meguro_streets() if source is None or source == MEGURO else Path(source)
    if not path.exists():
        raise DataSourceError(f"no such file or folder: {path}")
    cached = cache_dir() / f"drive-{_cache_key(path, motorways)}.pickle"
    if cached.exists() and not refresh:
        started = time.perf_counter()
        with open(cached, "rb") as f:
            G: nx.MultiDiGraph = pickle.load(f)
        log.info(
            "Loaded cached drive graph: %d nodes, %d edges in %.1f s",
            len(G),
            len(G.edges),
            time.perf_counter() - started,
        )
        return G
    G = build_drive_from_source(path, motorways=motorways)
    G.graph["source"] = str(path)
    tmp = cached.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cached)
    meta = {"source": str(path), "nodes": len(G), "edges": len(G.edges), "motorways": motorways}
    cached.with_suffix(".json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    log.info("Cached drive graph (%d nodes, %d edges) at %s", len(G), len(G.edges), cached)
    return G
