"""Turn routing and ride results into GeoJSON (RFC 7946, ``[lon, lat]``) and map pages."""

OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL 1.0)"
MLIT_ATTRIBUTION = "国土交通省 歩行空間ネットワークデータ (CC BY 4.0)"
