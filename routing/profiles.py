"""Mobility profiles: who is travelling, what they cannot pass, and how edges are costed.

Defaults are set once here, each with its unit and where it comes from. A request may override
any limit; ``Profile.with_limits`` checks the values and says which one is out of range.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

import numpy as np

from routing.errors import InvalidQuery, UnknownProfile

UnknownPolicy = Literal["allow", "avoid", "forbid"]

# --- Sources of the defaults -------------------------------------------------------------
# MLIT road barrier-free structure standard (道路の移動等円滑化に関する構造基準, 2006, rev. 2012):
MLIT_ROAD_MAX_INCLINE_PERCENT = 5.0  # percent; longitudinal slope of a sidewalk, standard value
MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT = 8.0  # percent; where terrain leaves no choice
MLIT_ROAD_KERB_AT_CROSSING_M = 0.02  # metres; standard step between sidewalk and crossing
# Building barrier-free standard (建築物移動等円滑化基準): steepest ramp 1/12.
BUILDING_RAMP_MAX_PERCENT = 100.0 / 12.0  # percent
# Building barrier-free standard: a passage a wheelchair can use is at least 0.9 m wide.
WHEELCHAIR_PASSAGE_MIN_WIDTH_M = 0.9  # metres
# JIS S 1116 (strollers): a stroller is at most about 0.6 m wide.
STROLLER_MIN_WIDTH_M = 0.6  # metres

# Walking speeds (m/s): pedestrian signal timing in Japan assumes 1.0 m/s; wheelchair and
# walker speeds from MLIT's barrier-free guideline surveys (about 0.8-1.0 m/s).
PEDESTRIAN_SPEED_MPS = 1.2
WHEELCHAIR_MANUAL_SPEED_MPS = 0.9
WHEELCHAIR_ELECTRIC_SPEED_MPS = 1.3  # road traffic act caps electric wheelchairs at 6 km/h
STROLLER_SPEED_MPS = 1.1
WALKER_SPEED_MPS = 0.8

# Surfaces a wheel sinks into or jams on (OSM surface values).
LOOSE_SURFACES = frozenset(
    {
        "gravel",
        "fine_gravel",
        "pebblestone",
        "sand",
        "grass",
        "dirt",
        "earth",
        "mud",
        "ground",
        "unpaved",
        "woodchips",
        "grass_paver",
        "rock",
        "stepping_stones",
    }
)
# OSM smoothness values too rough for small front wheels.
ROUGH_SMOOTHNESS = frozenset({"bad", "very_bad", "horrible", "very_horrible", "impassable"})
# Barriers a wheelchair or stroller cannot pass (OSM barrier values); bollards and open gates
# leave room to pass.
WHEEL_BLOCKING_BARRIERS = frozenset(
    {
        "kissing_gate",
        "stile",
        "turnstile",
        "full-height_turnstile",
        "cycle_barrier",
        "fence",
        "wall",
        "block",
        "log",
        "chain",
        "step",
        "kerb",
    }
)
FOOT_BLOCKING_BARRIERS = frozenset({"fence", "wall", "full-height_turnstile"})

# Cost factor on an edge whose attribute is unknown under the "avoid" policy.
UNKNOWN_AVOID_FACTOR = 1.5  # dimensionless; a 100 m unknown stretch costs like 150 m known

ATTRIBUTES_WITH_POLICY = ("incline", "kerb", "width", "surface")

# Reasons an edge is closed to a profile, in the order they are reported.
BLOCK_REASONS = (
    "steps",
    "elevator",
    "incline_up",
    "incline_down",
    "kerb",
    "width",
    "surface",
    "smoothness",
    "wheelchair_no",
    "barrier",
    "unknown_incline",
    "unknown_kerb",
    "unknown_width",
    "unknown_surface",
    "reported",
)


@dataclass(frozen=True)
class Profile:
    """What a traveller can pass, and their speed. ``None`` as a limit means no limit."""

    name: str
    speed_mps: float = PEDESTRIAN_SPEED_MPS
    avoid_steps: bool = False
    use_elevators: bool = True
    max_uphill_percent: float | None = None
    max_downhill_percent: float | None = None
    max_kerb_height_m: float | None = None
    min_width_m: float | None = None
    avoid_surfaces: frozenset[str] = frozenset()
    avoid_rough: bool = False
    wheeled: bool = False
    unknown: dict[str, UnknownPolicy] = field(default_factory=dict)

    def policy(self, attribute: str) -> UnknownPolicy:
        """The unknown-data policy for ``incline``, ``kerb``, ``width`` or ``surface``."""
        return self.unknown.get(attribute, "allow")

    def relevant_attributes(self) -> list[str]:
        """Schema attributes whose value matters to this profile."""
        out = []
        if self.max_uphill_percent is not None or self.max_downhill_percent is not None:
            out.append("incline_percent")
        if self.max_kerb_height_m is not None:
            out.append("kerb_height_m")
        if self.min_width_m is not None:
            out.append("width_m")
        if self.avoid_surfaces:
            out.append("surface")
        if self.avoid_rough:
            out.append("smoothness")
        return out

    def with_limits(self, **limits: Any) -> Profile:
        """A copy with some limits replaced, each checked for range.

        >>> PROFILES["wheelchair_manual"].with_limits(max_uphill_percent=3).max_uphill_percent
        3.0

        Raises
        ------
        InvalidQuery
            For an unknown limit name or a value out of range.
        """
        names = {f.name for f in fields(self)} - {"name"}
        unknown_names = sorted(set(limits) - names)
        if unknown_names:
            raise InvalidQuery(
                f"unknown limit(s) {', '.join(unknown_names)}; known: {', '.join(sorted(names))}"
            )
        clean: dict[str, Any] = {}
        for key, value in limits.items():
            if value is None:
                continue
            clean[key] = _check_limit(key, value)
        return replace(self, **clean)


_RANGES: dict[str, tuple[float, float, str]] = {
    "speed_mps": (0.1, 5.0, "m/s"),
    "max_uphill_percent": (0.0, 50.0, "%"),
    "max_downhill_percent": (0.0, 50.0, "%"),
    "max_kerb_height_m": (0.0, 0.5, "m"),
    "min_width_m": (0.0, 5.0, "m"),
}


def _check_limit(key: str, value: Any) -> Any:
    if key in _RANGES:
        lo, hi, unit = _RANGES[key]
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise InvalidQuery(f"{key} must be a number, got {value!r}") from exc
        if not np.isfinite(number) or not lo <= number <= hi:
            raise InvalidQuery(f"{key} must lie between {lo:g} and {hi:g} {unit}, got {value!r}")
        return number
    if key == "avoid_surfaces":
        return frozenset(str(s) for s in value)
    if key == "unknown":
        bad = {
            k: v
            for k, v in dict(value).items()
            if k not in ATTRIBUTES_WITH_POLICY or v not in ("allow", "avoid", "forbid")
        }
        if bad:
            raise InvalidQuery(
                f"unknown-data policy must map {', '.join(ATTRIBUTES_WITH_POLICY)} to "
                f"allow, avoid or forbid; got {bad}"
            )
        return dict(value)
    if key in ("avoid_steps", "use_elevators", "avoid_rough", "wheeled"):
        if not isinstance(value, bool):
            raise InvalidQuery(f"{key} must be true or false, got {value!r}")
        return value
    raise InvalidQuery(f"unknown limit {key}")


PROFILES: dict[str, Profile] = {
    "pedestrian": Profile("pedestrian", speed_mps=PEDESTRIAN_SPEED_MPS),
    "wheelchair_manual": Profile(
        "wheelchair_manual",
        speed_mps=WHEELCHAIR_MANUAL_SPEED_MPS,
        avoid_steps=True,
        max_uphill_percent=MLIT_ROAD_MAX_INCLINE_PERCENT,
        max_downhill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        max_kerb_height_m=MLIT_ROAD_KERB_AT_CROSSING_M,
        min_width_m=WHEELCHAIR_PASSAGE_MIN_WIDTH_M,
        avoid_surfaces=LOOSE_SURFACES,
        avoid_rough=True,
        wheeled=True,
    ),
    "wheelchair_electric": Profile(
        "wheelchair_electric",
        speed_mps=WHEELCHAIR_ELECTRIC_SPEED_MPS,
        avoid_steps=True,
        max_uphill_percent=BUILDING_RAMP_MAX_PERCENT,
        max_downhill_percent=BUILDING_RAMP_MAX_PERCENT,
        max_kerb_height_m=MLIT_ROAD_KERB_AT_CROSSING_M,
        min_width_m=WHEELCHAIR_PASSAGE_MIN_WIDTH_M,
        avoid_surfaces=LOOSE_SURFACES,
        avoid_rough=True,
        wheeled=True,
    ),
    "stroller": Profile(
        "stroller",
        speed_mps=STROLLER_SPEED_MPS,
        avoid_steps=True,
        max_uphill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        max_downhill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        min_width_m=STROLLER_MIN_WIDTH_M,
        avoid_rough=True,
        wheeled=True,
    ),
    "walker": Profile(
        "walker",
        speed_mps=WALKER_SPEED_MPS,
        avoid_steps=True,
        max_uphill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        max_downhill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        min_width_m=STROLLER_MIN_WIDTH_M,
        avoid_rough=True,
        wheeled=True,
    ),
}
# The short name most people type.
PROFILES["wheelchair"] = replace(PROFILES["wheelchair_manual"], name="wheelchair")


def get_profile(name: str) -> Profile:
    """Look up a profile by name.

    Raises
    ------
    UnknownProfile
        If no profile has that name.
    """
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownProfile(
            f"unknown profile '{name}'; choose one of {', '.join(sorted(PROFILES))}"
        ) from None


@dataclass
class EdgeTable:
    """Edge attributes as numpy arrays, ``nan`` or ``None`` where unknown."""

    length_m: np.ndarray
    steps: np.ndarray  # bool
    ramp: np.ndarray  # bool (a ramp usable by wheels beside the steps)
    elevator: np.ndarray  # bool
    incline_percent: np.ndarray  # float, nan unknown
    kerb_height_m: np.ndarray  # float, nan unknown
    width_m: np.ndarray  # float, nan unknown
    surface: np.ndarray  # object
    smoothness: np.ndarray  # object
    wheelchair: np.ndarray  # object
    barrier: np.ndarray  # object

    @classmethod
    def from_edges(cls, edges: list[dict[str, Any]]) -> EdgeTable:
        def num(key: str) -> np.ndarray:
            return np.array(
                [np.nan if d.get(key) is None else float(d[key]) for d in edges], dtype=float
            )

        def flag(key: str) -> np.ndarray:
            return np.array([bool(d.get(key)) for d in edges], dtype=bool)

        def obj(key: str) -> np.ndarray:
            return np.array([d.get(key) for d in edges], dtype=object)

        return cls(
            length_m=num("length"),
            steps=flag("steps"),
            ramp=flag("ramp"),
            elevator=flag("elevator"),
            incline_percent=num("incline_percent"),
            kerb_height_m=num("kerb_height_m"),
            width_m=num("width_m"),
            surface=obj("surface"),
            smoothness=obj("smoothness"),
            wheelchair=obj("wheelchair"),
            barrier=obj("barrier"),
        )


def edge_costs(profile: Profile, table: EdgeTable) -> tuple[np.ndarray, np.ndarray]:
    """Cost of every edge for ``profile`` and the first reason each closed edge is closed.

    Returns
    -------
    cost : numpy.ndarray
        Cost in metre-equivalents: the length, raised by the "avoid" policy; ``inf`` if closed.
    reason : numpy.ndarray of int8
        Index into :data:`BLOCK_REASONS` for a closed edge, -1 for an open one.
    """
    n = table.length_m.shape[0]
    reason = np.full(n, -1, dtype=np.int8)

    def close(mask: np.ndarray, why: str) -> None:
        reason[mask & (reason < 0)] = BLOCK_REASONS.index(why)

    if profile.avoid_steps:
        close(table.steps & ~table.ramp, "steps")
    if not profile.use_elevators:
        close(table.elevator, "elevator")
    inc = table.incline_percent
    known_inc = ~np.isnan(inc)
    if profile.max_uphill_percent is not None:
        close(known_inc & (inc > profile.max_uphill_percent + 1e-9), "incline_up")
    if profile.max_downhill_percent is not None:
        close(known_inc & (-inc > profile.max_downhill_percent + 1e-9), "incline_down")
    if profile.max_kerb_height_m is not None:
        kerb = table.kerb_height_m
        close(~np.isnan(kerb) & (kerb > profile.max_kerb_height_m + 1e-9), "kerb")
    if profile.min_width_m is not None:
        width = table.width_m
        close(~np.isnan(width) & (width < profile.min_width_m - 1e-9), "width")
    if profile.avoid_surfaces:
        close(np.isin(table.surface, list(profile.avoid_surfaces)), "surface")
    if profile.avoid_rough:
        close(np.isin(table.smoothness, list(ROUGH_SMOOTHNESS)), "smoothness")
    if profile.wheeled:
        close(table.wheelchair == "no", "wheelchair_no")
        close(np.isin(table.barrier, list(WHEEL_BLOCKING_BARRIERS)), "barrier")
    else:
        close(np.isin(table.barrier, list(FOOT_BLOCKING_BARRIERS)), "barrier")

    # Unknown data: allowed, avoided at a cost, or forbidden, per attribute.
    factor = np.ones(n)
    unknown_masks = {
        "incline": np.isnan(inc) & ~table.elevator,
        "kerb": np.isnan(table.kerb_height_m),
        "width": np.isnan(table.width_m),
        "surface": np.array([s is None for s in table.surface], dtype=bool),
    }
    relevant = {
        "incline": profile.max_uphill_percent is not None
        or profile.max_downhill_percent is not None,
        "kerb": profile.max_kerb_height_m is not None,
        "width": profile.min_width_m is not None,
        "surface": bool(profile.avoid_surfaces),
    }
    for attribute, mask in unknown_masks.items():
        if not relevant[attribute]:
            continue
        policy = profile.policy(attribute)
        if policy == "forbid":
            close(mask, f"unknown_{attribute}")
        elif policy == "avoid":
            factor[mask] *= UNKNOWN_AVOID_FACTOR

    cost = table.length_m * factor
    cost[reason >= 0] = np.inf
    return cost, reason
