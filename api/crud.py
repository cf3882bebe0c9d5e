"""Reads and writes of reported barriers, and the live closures they put on the router."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from api.models import BarrierIn, BarrierReport, to_shape
from routing.errors import InvalidQuery
from routing.reports import ActiveReport, LiveClosures, edges_closed_by
from routing.router import Router

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def check_in_area(router: Router, body: BarrierIn) -> None:
    """Raise if any position of the report lies outside the service area."""
    geojson = body.geojson()
    positions = [geojson["coordinates"]] if geojson["type"] == "Point" else geojson["coordinates"]
    which = "reported point" if geojson["type"] == "Point" else "reported line"
    for lon, lat in positions:
        router.check_point(which, lat, lon)


def create_report(
    session: Session, closures: LiveClosures, body: BarrierIn, now: datetime
) -> BarrierReport:
    """Store a report and close its ways at once.

    Raises
    ------
    OutsideServiceArea
        If a position lies outside the service area.
    ReportNotOnAnyWay
        If the report lies too far from every way; nothing is stored then.
    """
    check_in_area(closures.router, body)
    geojson = body.geojson()
    edges = edges_closed_by(closures.router, to_shape(geojson), body.kind)
    row = BarrierReport(
        kind=body.kind, geometry=geojson, note=body.note, created_at=now, expires_at=body.expires_at
    )
    session.add(row)
    session.commit()
    closures.add(row.id, ActiveReport(row.kind, edges, row.expires_at), now)
    log.info("Report %d (%s) closes %d edges", row.id, row.kind, len(edges))
    return row


def list_reports(session: Session, now: datetime, include_expired: bool) -> Sequence[BarrierReport]:
    """Reports, oldest first; only those still active unless ``include_expired``."""
    query = select(BarrierReport).order_by(BarrierReport.id)
    if not include_expired:
        query = query.where(or_(BarrierReport.expires_at.is_(None), BarrierReport.expires_at > now))
    return session.scalars(query).all()


def get_report(session: Session, report_id: int) -> BarrierReport | None:
    """One report by id, or ``None``."""
    return session.get(BarrierReport, report_id)


def delete_report(
    session: Session, closures: LiveClosures, row: BarrierReport, now: datetime
) -> None:
    """Remove a report and reopen its ways."""
    session.delete(row)
    session.commit()
    closures.remove(row.id, now)


def update_report(
    session: Session,
    closures: LiveClosures,
    row: BarrierReport,
    now: datetime,
    changes: dict[str, object],
) -> BarrierReport:
    """Change a report's expiry or note; an expiry at or before ``now`` reopens its ways."""
    for key, value in changes.items():
        setattr(row, key, value)
    session.commit()
    if row.is_active(now):
        edges = edges_closed_by(closures.router, to_shape(row.geometry), row.kind)
        closures.add(row.id, ActiveReport(row.kind, edges, row.expires_at), now)
    else:
        closures.remove(row.id, now)
    return row


def load_active(engine: Engine, closures: LiveClosures, now: datetime) -> int:
    """Apply every active stored report to the router; returns how many apply.

    A report that no longer lies on any way (the street data changed) is kept in the database
    but not applied, and logged.
    """
    with Session(engine) as session:
        rows = list_reports(session, now, include_expired=False)
    active = {}
    for row in rows:
        try:
            edges = edges_closed_by(closures.router, to_shape(row.geometry), row.kind)
        except InvalidQuery as exc:
            log.warning("Report %d is not applied: %s", row.id, exc)
            continue
        active[row.id] = ActiveReport(row.kind, edges, row.expires_at)
    closures.replace_all(active, now)
    log.info("Loaded %d active reports of %d stored as active", len(active), len(rows))
    return len(active)
