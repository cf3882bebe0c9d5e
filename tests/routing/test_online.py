"""The online path (osmnx download) rebuilt offline from an osmnx graph of a local file."""

import osmnx as ox
import pytest

from routing.load import configure_osmnx_tags, graph_from_osmnx
from tests.conftest import FIXTURES


def test_osmnx_graph_keeps_accessibility_tags_through_the_rebuild(small_graph):
    configure_osmnx_tags()
    G_osm = ox.graph_from_xml(FIXTURES / "small.osm", simplify=False, retain_all=True)
    G = graph_from_osmnx(G_osm, name="via-osmnx")
    widths = sorted(d["width_m"] for _, _, d in G.edges(data=True) if d["width_m"] is not None)
    expected = sorted(
        d["width_m"] for _, _, d in small_graph.edges(data=True) if d["width_m"] is not None
    )
    assert widths == expected
    inclines = sorted(
        d["incline_percent"] for _, _, d in G.edges(data=True) if d["incline_percent"]
    )
    assert inclines == [-10.0, -10.0, 10.0, 10.0]
    assert sum(1 for _, _, d in G.edges(data=True) if d["steps"]) == 2
    barriers = sorted(d["barrier"] for _, _, d in G.edges(data=True) if d["barrier"])
    assert barriers == sorted(
        d["barrier"] for _, _, d in small_graph.edges(data=True) if d["barrier"]
    )
    assert "kissing_gate" in barriers
    total = sum(d["length"] for _, _, d in G.edges(data=True))
    assert total == pytest.approx(sum(d["length"] for _, _, d in small_graph.edges(data=True)))
