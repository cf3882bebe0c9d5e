"""Parse query-string values as people type them."""

from __future__ import annotations

import math

from routing.errors import InvalidQuery


def parse_latlon(text: str, which: str) -> tuple[float, float]:
    """Read ``"lat,lon"`` into a pair of floats, saying clearly what is wrong otherwise.

    >>> parse_latlon("35.6247,139.6632", "origin")
    (35.6247, 139.6632)
    """
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 2:
        raise InvalidQuery(f"{which} must be 'lat,lon' (two numbers and a comma), got {text!r}")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise InvalidQuery(f"{which} must be 'lat,lon' with numbers, got {text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InvalidQuery(f"{which} must be finite numbers, got {text!r}")
    if not -90 <= lat <= 90:
        hint = " (did you write lon,lat? use lat,lon)" if -90 <= lon <= 90 else ""
        raise InvalidQuery(f"{which} latitude {lat} is out of range -90..90{hint}")
    if not -180 <= lon <= 180:
        raise InvalidQuery(f"{which} longitude {lon} is out of range -180..180")
    return lat, lon
