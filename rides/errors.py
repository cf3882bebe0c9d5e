"""Exceptions raised by the ride pooling optimiser."""

from __future__ import annotations


class RidesError(Exception):
    """Base class of every error raised by :mod:`rides`."""


class InvalidProblemError(RidesError, ValueError):
    """The problem as a whole is malformed (matrix shape, unknown reference, ...)."""


class InvalidRequestError(RidesError, ValueError):
    """A ride request cannot be planned as given."""

    def __init__(self, request_id: str, message: str) -> None:
        super().__init__(f"request {request_id!r}: {message}")
        self.request_id = request_id


class DuplicateRequestError(InvalidRequestError):
    """Two requests share one id."""


class TimeWindowError(InvalidRequestError):
    """A time window is reversed, or already over at planning time."""


class PartyTooLargeError(InvalidRequestError):
    """No vehicle of the fleet can carry the whole party at once."""


class InvalidVehicleError(RidesError, ValueError):
    """A vehicle cannot take part in the plan as given."""

    def __init__(self, vehicle_id: str, message: str) -> None:
        super().__init__(f"vehicle {vehicle_id!r}: {message}")
        self.vehicle_id = vehicle_id


class ShiftEndedError(InvalidVehicleError):
    """The vehicle's shift is already over at planning time."""


class NoFeasibleInsertionError(RidesError):
    """A new request fits nowhere into the current plan."""

    def __init__(self, request_id: str, reason: str) -> None:
        super().__init__(f"request {request_id!r} cannot be inserted: {reason}")
        self.request_id = request_id
        self.reason = reason


class DarpFormatError(RidesError, ValueError):
    """A dial-a-ride benchmark file does not follow the expected layout."""
