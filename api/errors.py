"""Map domain errors to HTTP status codes with a readable ``detail``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from maps.geojson import barriers_to_geojson
from routing.errors import (
    DataSourceError,
    InvalidQuery,
    NoRouteFound,
    NoUsableWayNearby,
    OutsideServiceArea,
)
from routing.explain import Lang, describe_barrier
from routing.router import BlockedRoute


def describe_validation(exc: RequestValidationError) -> str:
    """One readable sentence per invalid field, without echoing the value (it may be NaN)."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": describe_validation(exc)})

    @app.exception_handler(InvalidQuery)
    async def invalid(_: Request, exc: InvalidQuery) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(OutsideServiceArea)
    async def outside(_: Request, exc: OutsideServiceArea) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": str(exc), "which": exc.which, "distance_m": round(exc.distance_m)},
        )

    @app.exception_handler(NoUsableWayNearby)
    async def nowhere(_: Request, exc: NoUsableWayNearby) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc), "which": exc.which})

    @app.exception_handler(NoRouteFound)
    async def no_route(request: Request, exc: NoRouteFound) -> JSONResponse:
        lang: Lang = "en" if request.query_params.get("lang") == "en" else "ja"
        nearest = exc.nearest_reachable if isinstance(exc, BlockedRoute) else None
        barriers = barriers_to_geojson(exc.barriers, nearest, lang)
        reasons = [describe_barrier(b, "en") for b in exc.barriers]
        detail = str(exc) + (f": {'; '.join(dict.fromkeys(reasons))}" if reasons else "")
        if nearest is not None:
            detail += (
                f"; the nearest reachable point is {nearest['distance_to_destination_m']:,.0f} m "
                "from the destination"
            )
        return JSONResponse(
            status_code=404,
            content={
                "detail": detail,
                "barriers": barriers,
                "nearest_reachable": (
                    None if nearest is None else {k: round(v, 7) for k, v in nearest.items()}
                ),
            },
        )

    @app.exception_handler(DataSourceError)
    async def data_source(_: Request, exc: DataSourceError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})
