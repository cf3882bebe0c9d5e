"""Parse query-string values as people type them."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import Any

from fastapi import Request

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


def check_known_params(names: Iterable[str], known: Iterable[str]) -> None:
    """Refuse query parameters the endpoint does not know, suggesting the closest known name.

    >>> check_known_params(["from", "to"], ["from", "to", "profile"])
    >>> check_known_params(["slope"], ["from", "to"])
    Traceback (most recent call last):
    ...
    routing.errors.InvalidQuery: unknown query parameter(s): slope; known: from, to
    """
    known_set = set(known)
    strangers = sorted(set(names) - known_set)
    if not strangers:
        return
    said = []
    for name in strangers:
        close = difflib.get_close_matches(name, sorted(known_set), n=1)
        said.append(f"{name} (did you mean {close[0]}?)" if close else name)
    raise InvalidQuery(
        f"unknown query parameter(s): {', '.join(said)}"
        + (
            ""
            if any("did you mean" in s for s in said)
            else f"; known: {', '.join(sorted(known_set))}"
        )
    )


def parse_list(text: str | None) -> list[str] | None:
    """A comma-separated list; ``None`` stays ``None`` and an empty string is an empty list.

    >>> parse_list("gravel, sand"), parse_list("")
    (['gravel', 'sand'], [])
    """
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_query(request: Request) -> None:
    """Refuse query parameters an endpoint does not take, and parameters given twice.

    Applied to every endpoint, so that a limit one endpoint does not understand is never
    silently ignored.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    # Pages (the map reads its own query string) are not API endpoints.
    if dependant is None or not getattr(route, "include_in_schema", True):
        return
    check_known_params(request.query_params.keys(), _query_names(dependant))
    repeated = sorted({k for k in request.query_params if len(request.query_params.getlist(k)) > 1})
    if repeated:
        raise InvalidQuery(f"query parameter(s) given more than once: {', '.join(repeated)}")
