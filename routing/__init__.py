"""Step-free pedestrian routing on OpenStreetMap and national pedestrian-network data."""
