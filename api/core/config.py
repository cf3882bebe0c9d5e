"""Service settings, read from ``AINORI_*`` environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from routing.config import REPO_ROOT


class Settings(BaseSettings):
    """Where the street data comes from and where state is kept."""

    model_config = SettingsConfigDict(env_prefix="AINORI_")

    #: street data: "meguro" (bundled), an OSM/PBF file, a vector-tile folder, MLIT links,
    #: or "place:NAME" to fetch from OpenStreetMap online.
    source: str = "meguro"
    #: optional GeoJSON polygon of the service area (default: Meguro ward, or the data's hull)
    boundary: str | None = None
    #: SQLAlchemy URL of the database; SQLite under data/ by default.
    database_url: str = f"sqlite:///{REPO_ROOT / 'data' / 'ainori.sqlite'}"
    host: str = "127.0.0.1"
    port: int = 8000
