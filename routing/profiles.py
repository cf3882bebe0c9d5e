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

# --- Defaults and where they come from --------------------------------------------------
# Road barrier-free structure standard (移動等円滑化のために必要な道路の構造に関する基準を定める
# 省令, MLIT ordinance 2006, revised 2012): sidewalk longitudinal slope at most 5 %, or 8 % where
# the terrain leaves no choice; the step between sidewalk and carriageway at a crossing 2 cm.
MLIT_ROAD_MAX_INCLINE_PERCENT = 5.0  # percent
MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT = 8.0  # percent
MLIT_ROAD_KERB_AT_CROSSING_M = 0.02  # metres
# Building barrier-free standard (建築物移動等円滑化基準, Barrier-Free Act enforcement order):
# a ramp on an accessible route at most 1/12.
BUILDING_RAMP_MAX_PERCENT = 100.0 / 12.0  # percent
# MLIT building design standard (高齢者、障害者等の円滑な移動等に配慮した建築設計標準): a wheelchair
# passes straight through 0.9 m (the legal minimum for an accessible passage is 1.2 m).
WHEELCHAIR_PASSAGE_MIN_WIDTH_M = 0.9  # metres
# TODO: no standard states the passage a stroller or a rollator needs; common models measure
# 0.5-0.6 m across, so 0.6 m is an estimate from product sizes, not a standard.
STROLLER_MIN_WIDTH_M = 0.6  # metres
# Building barrier-free guidance standard (建築物移動等円滑化誘導基準): stair risers at most 0.16 m.
# Ordinary stairs are higher, so a kerb limit below this cannot go with steps allowed.
BARRIER_FREE_STAIR_RISER_M = 0.16  # metres

# Speeds (m/s). Pedestrian signals in Japan are timed for 1.0 m/s, a slow walker; 1.2 m/s is a
# common adult walking speed. Electric wheelchairs are capped at 6 km/h (1.67 m/s) by the Road
# Traffic Act enforcement regulation (道路交通法施行規則 1条の4). TODO: the wheelchair, stroller and
# walker speeds are estimates within the 0.8-1.3 m/s usually measured, not values of a standard.
PEDESTRIAN_SPEED_MPS = 1.2
WHEELCHAIR_MANUAL_SPEED_MPS = 0.9
WHEELCHAIR_ELECTRIC_SPEED_MPS = 1.3
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

# OSM surface values a request may name in ``avoid_surfaces`` (the documented values).
OSM_SURFACES = frozenset(
    {
        "paved",
        "asphalt",
        "chipseal",
        "concrete",
        "concrete:lanes",
        "concrete:plates",
        "paving_stones",
        "paving_stones:lanes",
        "grass_paver",
        "sett",
        "unhewn_cobblestone",
        "cobblestone",
        "bricks",
        "metal",
        "metal_grid",
        "wood",
        "stepping_stones",
        "rubber",
        "tiles",
        "unpaved",
        "compacted",
        "fine_gravel",
        "gravel",
        "shells",
        "rock",
        "pebblestone",
        "ground",
        "dirt",
        "earth",
        "grass",
        "mud",
        "sand",
        "woodchips",
        "snow",
        "ice",
        "salt",
        "clay",
        "tartan",
        "artificial_turf",
        "acrylic",
        "carpet",
        "plastic",
    }
)

# Cost factor on an edge whose attribute is unknown under the "avoid" policy.
UNKNOWN_AVOID_FACTOR = 1.5  # dimensionless; a 100 m unknown stretch costs like 150 m known

# Attributes with an unknown-data policy, and the schema attribute and limit each belongs to.
ATTRIBUTES_WITH_POLICY = ("incline", "kerb", "width", "surface")
POLICY_ATTRIBUTE = {
    "incline": "incline_percent",
    "kerb": "kerb_height_m",
    "width": "width_m",
    "surface": "surface",
}
_POLICY_LIMIT = {
    "incline": "max_uphill_percent or max_downhill_percent",
    "kerb": "max_kerb_height_m",
    "width": "min_width_m",
    "surface": "avoid_surfaces",
}

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
    uses_stroller_ramps: bool = False  # narrow wheel channels beside steps fit a stroller only
    unknown: dict[str, UnknownPolicy] = field(default_factory=dict)

    def policy(self, attribute: str) -> UnknownPolicy:
        """The unknown-data policy for ``incline``, ``kerb``, ``width`` or ``surface``."""
        return self.unknown.get(attribute, "allow")

    def limits(self, attribute: str) -> bool:
        """Whether the profile sets a limit on ``incline``, ``kerb``, ``width`` or ``surface``."""
        if attribute == "incline":
            return self.max_uphill_percent is not None or self.max_downhill_percent is not None
        if attribute == "kerb":
            return self.max_kerb_height_m is not None
        if attribute == "width":
            return self.min_width_m is not None
        if attribute == "surface":
            return bool(self.avoid_surfaces) or self.avoid_rough
        raise KeyError(attribute)

    def relevant_attributes(self) -> list[str]:
        """Schema attributes whose value matters to this profile.

        These are the attributes with an unknown-data policy (incline, kerb height, width,
        surface) that the profile limits; smoothness is rarely mapped and follows the surface.

        >>> PROFILES["stroller"].relevant_attributes()
        ['incline_percent', 'width_m', 'surface']
        """
        return [POLICY_ATTRIBUTE[a] for a in ATTRIBUTES_WITH_POLICY if self.limits(a)]

    def with_limits(self, **limits: Any) -> Profile:
        """A copy with some limits replaced, each checked for range and for contradictions.

        ``None`` leaves a limit as it is.

        >>> PROFILES["wheelchair_manual"].with_limits(max_uphill_percent=3).max_uphill_percent
        3.0

        Raises
        ------
        InvalidQuery
            For an unknown limit name, a value out of range, or limits that contradict each
            other (a wheeled profile allowed onto steps, a kerb limit lower than a stair riser
            with steps allowed, an unknown-data policy for an attribute the profile leaves
            unlimited).
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
        if "unknown" in clean:
            clean["unknown"] = {**self.unknown, **clean["unknown"]}
        out = replace(self, **clean)
        out.check_consistent()
        return out

    def check_consistent(self) -> None:
        """Raise :class:`InvalidQuery` if the limits contradict each other."""
        if self.wheeled and not self.avoid_steps:
            raise InvalidQuery(
                f"profile '{self.name}' travels on wheels, which cannot climb steps: "
                "avoid_steps=false contradicts it (use profile=pedestrian to allow steps)"
            )
        if (
            not self.avoid_steps
            and self.max_kerb_height_m is not None
            and self.max_kerb_height_m < BARRIER_FREE_STAIR_RISER_M
        ):
            raise InvalidQuery(
                f"max_kerb_height_m={self.max_kerb_height_m:g} m is lower than a single stair "
                f"riser ({BARRIER_FREE_STAIR_RISER_M:g} m or more), so steps cannot be allowed "
                "with it: set avoid_steps=true or drop the kerb limit"
            )
        idle = [
            f"unknown_{a}={p} needs {_POLICY_LIMIT[a]}"
            for a, p in sorted(self.unknown.items())
            if p != "allow" and not self.limits(a)
        ]
        if idle:
            raise InvalidQuery(
                f"profile '{self.name}' sets no limit that these unknown-data policies could "
                f"act on: {'; '.join(idle)}"
            )


_RANGES: dict[str, tuple[float, float, str]] = {
    "speed_mps": (0.1, 5.0, "m/s"),
    "max_uphill_percent": (0.0, 50.0, "%"),
    "max_downhill_percent": (0.0, 50.0, "%"),
    "max_kerb_height_m": (0.0, 0.5, "m"),
    "min_width_m": (0.0, 5.0, "m"),
}
#: Allowed range and unit of every numeric limit, for documentation and checks.
LIMIT_RANGES = _RANGES


def _check_limit(key: str, value: Any) -> Any:
    if key in _RANGES:
        lo, hi, unit = _RANGES[key]
        if isinstance(value, bool):
            raise InvalidQuery(f"{key} must be a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise InvalidQuery(f"{key} must be a number, got {value!r}") from exc
        if not np.isfinite(number) or not lo <= number <= hi:
            raise InvalidQuery(f"{key} must lie between {lo:g} and {hi:g} {unit}, got {value!r}")
        return number
    if key == "avoid_surfaces":
        if isinstance(value, str):
            value = [value]
        surfaces = frozenset(str(s).strip() for s in value if str(s).strip())
        unheard = sorted(surfaces - OSM_SURFACES)
        if unheard:
            raise InvalidQuery(
                f"avoid_surfaces names unknown OSM surface value(s) {', '.join(unheard)}; "
                f"known values include {', '.join(sorted(LOOSE_SURFACES))}"
            )
        return surfaces
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
    if key in ("avoid_steps", "use_elevators", "avoid_rough", "wheeled", "uses_stroller_ramps"):
        if not isinstance(value, bool):
            raise InvalidQuery(f"{key} must be true or false, got {value!r}")
        return value
    raise InvalidQuery(f"unknown limit {key}")


PROFILES: dict[str, Profile] = {
    "pedestrian": Profile("pedestrian", speed_mps=PEDESTRIAN_SPEED_MPS),
    # Uphill held to the road standard; downhill to the steeper value the standard allows where
    # unavoidable, since gravity helps and the brakes hold it.
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
    # A motor climbs what a building ramp may be (1/12) both ways.
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
    # Strollers and rollators tip their front wheels over a kerb, so no kerb limit is set.
    "stroller": Profile(
        "stroller",
        speed_mps=STROLLER_SPEED_MPS,
        avoid_steps=True,
        max_uphill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        max_downhill_percent=MLIT_ROAD_MAX_INCLINE_UNAVOIDABLE_PERCENT,
        min_width_m=STROLLER_MIN_WIDTH_M,
        avoid_rough=True,
        wheeled=True,
        uses_stroller_ramps=True,
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
for _preset in PROFILES.values():
    _preset.check_consistent()


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
class Categories:
    """A column of text values as integer codes into a list of distinct values (-1: unknown)."""

    codes: np.ndarray  # int32
    values: list[str]

    @classmethod
    def from_values(cls, raw: list[Any]) -> Categories:
        values = sorted({str(v) for v in raw if v is not None})
        index = {v: i for i, v in enumerate(values)}
        codes = np.array([-1 if v is None else index[str(v)] for v in raw], dtype=np.int32)
        return cls(codes, values)

    def isin(self, wanted: frozenset[str] | set[str]) -> np.ndarray:
        """Boolean mask of the rows whose value is one of ``wanted`` (cached per set)."""
        key = frozenset(wanted)
        cache = self.__dict__.setdefault("_masks", {})
        if key not in cache:
            lut = np.array([v in key for v in self.values] + [False], dtype=bool)
            # Code -1 (unknown) reads the trailing False.
            cache[key] = lut[self.codes] if lut.any() else np.zeros(self.codes.shape, bool)
        return cache[key]  # type: ignore[no-any-return]

    def equals(self, value: str) -> np.ndarray:
        return self.isin({value})

    @property
    def unknown(self) -> np.ndarray:
        return self.codes < 0


@dataclass
class EdgeTable:
    """Edge attributes as numpy arrays: ``nan`` where a number is unknown, codes for text."""

    length_m: np.ndarray
    steps: np.ndarray  # bool
    ramp: np.ndarray  # bool (a ramp usable by wheels beside the steps)
    elevator: np.ndarray  # bool
    incline_percent: np.ndarray  # float, nan unknown
    kerb_height_m: np.ndarray  # float, nan unknown
    width_m: np.ndarray  # float, nan unknown
    surface: Categories
    smoothness: Categories
    wheelchair: Categories
    barrier: Categories
    # Bounds known where only a class is (">5 % rising", "under 1 m wide"); nan where not.
    incline_min_percent: np.ndarray
    incline_max_percent: np.ndarray
    width_max_m: np.ndarray
    ramp_stroller: np.ndarray  # bool (a ramp for strollers only, e.g. narrow wheel channels)

    @classmethod
    def from_edges(cls, edges: list[dict[str, Any]]) -> EdgeTable:
        def num(key: str) -> np.ndarray:
            return np.array(
                [np.nan if d.get(key) is None else float(d[key]) for d in edges], dtype=float
            )

        def flag(key: str) -> np.ndarray:
            return np.array([bool(d.get(key)) for d in edges], dtype=bool)

        def cat(key: str) -> Categories:
            return Categories.from_values([d.get(key) for d in edges])

        return cls(
            length_m=num("length"),
            steps=flag("steps"),
            ramp=flag("ramp"),
            elevator=flag("elevator"),
            incline_percent=num("incline_percent"),
            kerb_height_m=num("kerb_height_m"),
            width_m=num("width_m"),
            surface=cat("surface"),
            smoothness=cat("smoothness"),
            wheelchair=cat("wheelchair"),
            barrier=cat("barrier"),
            incline_min_percent=num("incline_min_percent"),
            incline_max_percent=num("incline_max_percent"),
            width_max_m=num("width_max_m"),
            ramp_stroller=flag("ramp_stroller"),
        )


def edge_costs(profile: Profile, table: EdgeTable) -> tuple[np.ndarray, np.ndarray]:
    """Cost of every edge for ``profile`` and the first reason each closed edge is closed.

    Every step is a whole-array operation, so a request with its own limits costs a few
    milliseconds on a ward-sized graph.

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
        ramp = table.ramp | table.ramp_stroller if profile.uses_stroller_ramps else table.ramp
        close(table.steps & ~ramp, "steps")
    if not profile.use_elevators:
        close(table.elevator, "elevator")
    inc = table.incline_percent
    unknown_inc = np.isnan(inc)
    with np.errstate(invalid="ignore"):
        if profile.max_uphill_percent is not None:
            close(inc > profile.max_uphill_percent + 1e-9, "incline_up")
        if profile.max_downhill_percent is not None:
            close(-inc > profile.max_downhill_percent + 1e-9, "incline_down")
        if profile.max_kerb_height_m is not None:
            close(table.kerb_height_m > profile.max_kerb_height_m + 1e-9, "kerb")
        if profile.min_width_m is not None:
            close(table.width_m < profile.min_width_m - 1e-9, "width")
        # Where only a class is known, a bound beyond the limit closes the edge as surely.
        # Lower bounds of inclines are strict (">5 %"), so reaching the limit is beyond it.
        up = np.inf if profile.max_uphill_percent is None else profile.max_uphill_percent
        down = np.inf if profile.max_downhill_percent is None else profile.max_downhill_percent
        close(unknown_inc & (table.incline_min_percent >= up), "incline_up")
        close(unknown_inc & (-table.incline_max_percent >= down), "incline_down")
        if profile.min_width_m is not None:
            close(np.isnan(table.width_m) & (table.width_max_m < profile.min_width_m), "width")
        # Bounds inside both limits make the exact incline unnecessary.
        incline_within = (table.incline_max_percent <= up) & (-table.incline_min_percent <= down)
    if profile.avoid_surfaces:
        close(table.surface.isin(profile.avoid_surfaces), "surface")
    if profile.avoid_rough:
        close(table.smoothness.isin(ROUGH_SMOOTHNESS), "smoothness")
    if profile.wheeled:
        close(table.wheelchair.equals("no"), "wheelchair_no")
        close(table.barrier.isin(WHEEL_BLOCKING_BARRIERS), "barrier")
    else:
        close(table.barrier.isin(FOOT_BLOCKING_BARRIERS), "barrier")

    # Unknown data: allowed, avoided at a cost, or forbidden, per attribute the profile limits.
    factor = np.ones(n)
    unknown_masks = {
        "incline": lambda: unknown_inc & ~table.elevator & ~incline_within,
        "kerb": lambda: np.isnan(table.kerb_height_m),
        "width": lambda: np.isnan(table.width_m),
        "surface": lambda: table.surface.unknown,
    }
    for attribute, mask_of in unknown_masks.items():
        policy = profile.policy(attribute)
        if policy == "allow" or not profile.limits(attribute):
            continue
        if policy == "forbid":
            close(mask_of(), f"unknown_{attribute}")
        else:
            factor[mask_of()] *= UNKNOWN_AVOID_FACTOR

    cost = table.length_m * factor
    cost[reason >= 0] = np.inf
    return cost, reason
