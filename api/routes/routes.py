"""Step-free routes: ``GET /route``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.deps import RouterDep
from api.params import check_known_params, parse_latlon, parse_list
from maps.geojson import route_to_geojson
from routing.errors import NoRouteFound
from routing.profiles import LIMIT_RANGES, PROFILES, get_profile

router = APIRouter(tags=["routes"])

Policy = Literal["allow", "avoid", "forbid"]

# Every query parameter GET /route understands; any other name is refused.
ROUTE_PARAMS = frozenset(
    {
        "from",
        "to",
        "profile",
        "lang",
        "alternatives",
        "max_uphill_percent",
        "max_downhill_percent",
        "max_kerb_height_m",
        "min_width_m",
        "avoid_surfaces",
        "avoid_steps",
        "use_elevators",
        "speed_mps",
        "unknown_incline",
        "unknown_kerb",
        "unknown_width",
        "unknown_surface",
    }
)


def _limit(name: str, what: str) -> Any:
    lo, hi, unit = LIMIT_RANGES[name]
    return Query(description=f"{what}, {lo:g}-{hi:g} {unit}; overrides the profile's")


def _policy(attribute: str) -> Any:
    return Query(
        description=f"where the {attribute} is unknown: allow it, avoid it (costs 1.5x) or "
        "forbid it; needs a limit on it in the profile"
    )


@router.get("/route", summary="A route for a profile, as GeoJSON")
def get_route(
    request: Request,
    routing: RouterDep,
    from_: Annotated[
        str, Query(alias="from", description="origin as lat,lon", examples=["35.6247,139.6632"])
    ],
    to: Annotated[str, Query(description="destination as lat,lon", examples=["35.6259,139.6610"])],
    profile: Annotated[
        str, Query(description=f"one of {', '.join(sorted(PROFILES))}")
    ] = "wheelchair",
    lang: Annotated[
        Literal["ja", "en"], Query(description="language of warnings and instructions")
    ] = "ja",
    alternatives: Annotated[
        Literal["pedestrian"] | None,
        Query(description="also route for a pedestrian and compare (distance, steps avoided)"),
    ] = None,
    max_uphill_percent: Annotated[
        float | None, _limit("max_uphill_percent", "steepest uphill")
    ] = None,
    max_downhill_percent: Annotated[
        float | None, _limit("max_downhill_percent", "steepest downhill, as a positive number")
    ] = None,
    max_kerb_height_m: Annotated[float | None, _limit("max_kerb_height_m", "highest kerb")] = None,
    min_width_m: Annotated[float | None, _limit("min_width_m", "narrowest passage")] = None,
    avoid_surfaces: Annotated[
        str | None,
        Query(
            description="OSM surface values to avoid, comma-separated (gravel,sand); replaces "
            "the profile's list, empty for none"
        ),
    ] = None,
    avoid_steps: Annotated[bool | None, Query(description="never use steps without a ramp")] = None,
    use_elevators: Annotated[bool | None, Query(description="allow elevators")] = None,
    speed_mps: Annotated[float | None, _limit("speed_mps", "travel speed")] = None,
    unknown_incline: Annotated[Policy | None, _policy("slope")] = None,
    unknown_kerb: Annotated[Policy | None, _policy("kerb height")] = None,
    unknown_width: Annotated[Policy | None, _policy("width")] = None,
    unknown_surface: Annotated[Policy | None, _policy("surface")] = None,
) -> dict[str, Any]:
    """Return the route as a GeoJSON FeatureCollection.

    Features: the whole line (``kind=route``, with the summary), its segments (``kind=segment``,
    each saying which accessibility attributes are unknown), warnings (``kind=warning`` points,
    message in ``lang``), turn-by-turn instructions (``kind=instruction`` points in order, text
    in ``lang``) and, with ``alternatives=pedestrian``, the pedestrian route
    (``kind=alternative``) with a ``comparison`` block in the top-level ``properties``.

    Limits given here override the profile's for this request only. Unknown parameter names
    and out-of-range or contradicting limits are refused with 422 before any routing. When the
    profile cannot reach the destination the answer is 404 with the barriers and the nearest
    reachable point.
    """
    check_known_params(request.query_params.keys(), ROUTE_PARAMS)
    origin = parse_latlon(from_, "from")
    destination = parse_latlon(to, "to")
    policies = {
        attribute: policy
        for attribute, policy in (
            ("incline", unknown_incline),
            ("kerb", unknown_kerb),
            ("width", unknown_width),
            ("surface", unknown_surface),
        )
        if policy is not None
    }
    chosen = get_profile(profile).with_limits(
        max_uphill_percent=max_uphill_percent,
        max_downhill_percent=max_downhill_percent,
        max_kerb_height_m=max_kerb_height_m,
        min_width_m=min_width_m,
        avoid_surfaces=parse_list(avoid_surfaces),
        avoid_steps=avoid_steps,
        use_elevators=use_elevators,
        speed_mps=speed_mps,
        unknown=policies or None,
    )

    route = routing.route(origin, destination, chosen)
    walk = None
    if alternatives == "pedestrian":
        try:
            walk = routing.route(origin, destination, PROFILES["pedestrian"])
        except NoRouteFound:
            walk = None
    return route_to_geojson(route, routing, lang, walk)
