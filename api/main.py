"""The FastAPI application: loads the network once, then serves routes and the map page."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api import crud, db, errors
from api.core.config import Settings
from api.params import reject_unknown_query
from api.routes import barriers, meta, places, routes
from maps import OSM_ATTRIBUTION
from routing.load import load_graph, service_area_for
from routing.reports import LiveClosures
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
        engine = db.make_engine(settings.database_url)
        db.create_tables(engine)
        app.state.sessions = db.make_sessions(engine)
        app.state.closures = LiveClosures(app.state.router)
        crud.load_active(engine, app.state.closures, crud.utcnow())
        yield
        engine.dispose()

    app = FastAPI(
        title="Ainori",
        summary="Barrier-free routes and shared rides for Meguro ward, Tokyo",
        description=f"Street data {OSM_ATTRIBUTION}. Coordinates: lat,lon in query strings, "
        "[lon, lat] in GeoJSON. Distances in metres, times in seconds.",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
    )
    app.state.settings = settings
    app.state.router = router
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(meta.router)
    app.include_router(barriers.router)
    app.include_router(places.router)

    @app.middleware("http")
    async def expire_reports(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Reports whose expiry has passed stop closing ways before the request is answered.
        closures = getattr(app.state, "closures", None)
        if closures is not None:
            closures.refresh(crud.utcnow())
        return await call_next(request)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
