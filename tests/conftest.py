"""Shared fixtures: a small hand-written OSM graph and the real Meguro graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from routing.builder import build_graph
from routing.load import load_graph, service_area_for
from routing.osm import ways_from_osm_file
from routing.router import Router

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def small_graph() -> nx.MultiDiGraph:
    """Nine nodes: steps, a steep narrow bypass, a flat long way round, a kissing gate."""
    return build_graph(ways_from_osm_file(FIXTURES / "small.osm"), name="small", simplify=False)


@pytest.fixture(scope="session")
def small_router(small_graph: nx.MultiDiGraph) -> Router:
    return Router(small_graph)


@pytest.fixture(scope="session")
def meguro_graph() -> nx.MultiDiGraph:
    """The real Meguro graph from the bundled OpenStreetMap vector-tile data (cached)."""
    return load_graph()


@pytest.fixture(scope="session")
def meguro_router(meguro_graph: nx.MultiDiGraph) -> Router:
    return Router(meguro_graph, service_area_for(None, meguro_graph))
