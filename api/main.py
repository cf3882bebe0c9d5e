"""The FastAPI application: loads the network once, then serves routes and the map page."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api import errors
from api.core.config import Settings
from api.routes import routes
from maps import OSM_ATTRIBUTION
from routing.load import load_graph, service_area_for
from routing.router import Router

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parents[1] / "maps" / "static"


def build_router(settings: Settings) -> Router:
    """Load (or build and cache) the graph named in the settings and make its router."""
    started = time.perf_counter()
    source = None if settings.source == "meguro" else settings.source
    G = load_graph(source)
    boundary = Path(settings.boundary) if settings.boundary else None
    area = service_area_for(source, G, boundary)
    router = Router(G, area)
    log.info(
        "Network ready: %d nodes, %d edges, service area %s, in %.1f s",
        len(G),
        len(G.edges),
        area.name,
        time.perf_counter() - started,
    )
    return router


def create_app(settings: Settings | None = None, router: Router | None = None) -> FastAPI:
    """Make the application; ``router`` may be given to share one network between apps."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "router", None) is None:
            app.state.router = build_router(settings)
        yield

    app = FastAPI(
        title="Ainori",
        summary="Barrier-free routes and shared rides for Meguro ward, Tokyo",
        description=f"Street data {OSM_ATTRIBUTION}. Coordinates: lat,lon in query strings, "
        "[lon, lat] in GeoJSON. Distances in metres, times in seconds.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.router = router
    errors.install(app)
    app.include_router(routes.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
