"""Command line: prepare the data and serve the API."""

from __future__ import annotations

import logging

import typer

from api.core.config import Settings

cli = typer.Typer(help="Ainori: barrier-free routes and shared rides for Meguro.")


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@cli.command()
def prepare(
    source: str = typer.Option(
        None, help="meguro, an OSM/PBF file, tiles, MLIT links (default: AINORI_SOURCE)"
    ),
    refresh: bool = typer.Option(False, help="rebuild even if a cached graph exists"),
    verbose: bool = False,
) -> None:
    """Build (or load the cached) pedestrian graph and report its size."""
    _logging(verbose)
    from routing.load import load_graph

    source = source or Settings().source
    G = load_graph(None if source == "meguro" else source, refresh=refresh)
    typer.echo(f"graph: {len(G)} nodes, {len(G.edges)} edges")


@cli.command()
def serve(
    source: str = typer.Option(None, help="street data (default: AINORI_SOURCE or meguro)"),
    host: str = typer.Option(None),
    port: int = typer.Option(None),
    verbose: bool = False,
) -> None:
    """Serve the API and the map page."""
    _logging(verbose)
    import uvicorn

    from api.main import build_router, create_app

    settings = Settings()
    settings = settings.model_copy(
        update={k: v for k, v in {"source": source, "host": host, "port": port}.items() if v}
    )
    app = create_app(settings, build_router(settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    cli()
