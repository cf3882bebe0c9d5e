"""Exceptions raised by routing, each saying what went wrong in words a user can act on."""

from __future__ import annotations

from typing import Any


class RoutingError(Exception):
    """Base class of every routing error."""


class DataSourceError(RoutingError):
    """A data file is missing, unreadable or of an unknown format."""


class InvalidQuery(RoutingError):
    """A query parameter is malformed or out of range."""


class UnknownProfile(InvalidQuery):
    """The profile name is not one of the known profiles."""


class OutsideServiceArea(RoutingError):
    """A point lies outside the service area.

    Attributes
    ----------
    which : str
        ``"origin"`` or ``"destination"``.
    distance_m : float
        How far outside the service area the point lies, in metres.
    """

    def __init__(self, which: str, distance_m: float, area: str = "") -> None:
        self.which = which
        self.distance_m = distance_m
        where = f" ({area})" if area else ""
        super().__init__(f"the {which} is {distance_m:,.0f} m outside the service area{where}")


class NoUsableWayNearby(RoutingError):
    """No way usable with the chosen profile lies within the snapping distance of a point."""

    def __init__(self, which: str, max_distance_m: float, profile: str) -> None:
        self.which = which
        self.max_distance_m = max_distance_m
        super().__init__(
            f"no way usable with profile '{profile}' lies within {max_distance_m:.0f} m "
            f"of the {which}"
        )


class NoRouteFound(RoutingError):
    """No route satisfies the profile; ``barriers`` lists what blocks the way.

    Attributes
    ----------
    barriers : list of dict
        Each with ``kind``, ``reason``, ``lon``, ``lat`` and, where known, ``name``: the
        barriers on the shortest unconstrained route that the profile cannot pass.
    """

    def __init__(self, message: str, barriers: list[dict[str, Any]] | None = None) -> None:
        self.barriers = barriers or []
        super().__init__(message)
