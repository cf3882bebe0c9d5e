"""The database: one SQLAlchemy engine per application, SQLite by default, PostgreSQL alike."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    """Base class of every table."""


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL; a SQLite file's folder is created if missing.

    Parameters
    ----------
    url
        For example ``sqlite:///data/ainori.sqlite`` or
        ``postgresql+psycopg://user@host:5432/db`` (``?options=-csearch_path%3Dschema`` picks a
        PostgreSQL schema).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_tables(engine: Engine) -> None:
    """Create the tables that do not exist yet (existing ones are left as they are)."""
    from api import models  # noqa: F401  (registers the tables on Base.metadata)

    Base.metadata.create_all(engine)
    log.info("Database ready: %s", engine.url.render_as_string(hide_password=True))


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    """A session for one request, closed afterwards."""
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
