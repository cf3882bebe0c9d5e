"""Map domain errors to HTTP status codes with a readable ``detail``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from maps.geojson import barriers_to_geojson
from routing.errors import (
    DataSourceError,
    InvalidQuery,
    NoRouteFound,
    NoUsableWayNearby,
    OutsideServiceArea,
)


def install(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""

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
    async def no_route(_: Request, exc: NoRouteFound) -> JSONResponse:
        return JSONResponse(
            status_code=404,
            content={"detail": str(exc), "barriers": barriers_to_geojson(exc.barriers)},
        )

    @app.exception_handler(DataSourceError)
    async def data_source(_: Request, exc: DataSourceError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})
