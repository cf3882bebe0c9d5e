"""Live barrier reports: ``/barriers``. A report closes its ways at once for those it stops."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from shapely.geometry import MultiLineString, mapping

from api import crud
from api.db import SessionDep
from api.models import BarrierIn, BarrierPatch, BarrierReport, to_shape
from maps import OSM_ATTRIBUTION
from routing.errors import InvalidQuery
from routing.reports import REPORT_KINDS, LiveClosures, affected_profiles, edges_closed_by

router = APIRouter(prefix="/barriers", tags=["barriers"])


def get_closures(request: Request) -> LiveClosures:
    """The live closures applied to the router, kept since start-up."""
    return request.app.state.closures  # type: ignore[no-any-return]


ClosuresDep = Annotated[LiveClosures, Depends(get_closures)]


def _closed_ways(closures: LiveClosures, row: BarrierReport) -> np.ndarray | None:
    """The edges a report closes, one per way (the reverse direction left out)."""
    applied = closures.reports.get(row.id)
    if applied is not None:
        edges = applied.edges
    else:
        try:
            edges = edges_closed_by(closures.router, to_shape(row.geometry), row.kind)
        except InvalidQuery:
            return None
    rev = closures.router.reverse[edges]
    keep = (rev < 0) | (edges < rev) | ~np.isin(rev, edges)
    return edges[keep]


def report_feature(closures: LiveClosures, row: BarrierReport) -> dict[str, Any]:
    """A report as a GeoJSON Feature; ``closed`` draws the ways it closes."""
    ways = _closed_ways(closures, row)
    router = closures.router
    now = crud.utcnow()
    closed: dict[str, Any] | None = None
    if ways is not None and len(ways):
        lines = MultiLineString([router.edge_data[e]["geometry"] for e in ways.tolist()])
        closed = mapping(lines)
    return {
        "type": "Feature",
        "id": row.id,
        "geometry": row.geometry,
        "properties": {
            "id": row.id,
            "kind": row.kind,
            "description": REPORT_KINDS[row.kind].description,
            "affects": affected_profiles(row.kind),
            "note": row.note,
            "created_at": row.created_at.astimezone(UTC).isoformat(),
            "expires_at": row.expires_at.astimezone(UTC).isoformat() if row.expires_at else None,
            "active": row.is_active(now),
            "closed_ways": 0 if ways is None else len(ways),
            "closed_length_m": 0.0
            if ways is None
            else round(float(router.table.length_m[ways].sum()), 1),
            "closed": closed,
        },
    }


@router.get("/kinds", summary="Kinds of barrier and the profiles each stops")
def list_kinds() -> dict[str, Any]:
    """Each kind with its description and the profiles whose routes it closes."""
    return {
        name: {"description": kind.description, "affects": affected_profiles(name)}
        for name, kind in REPORT_KINDS.items()
    }


@router.post("", status_code=201, summary="Report a temporary barrier")
def create_barrier(body: BarrierIn, session: SessionDep, closures: ClosuresDep) -> dict[str, Any]:
    """Store a report and close the ways it lies on, at once, for the profiles it stops.

    A point closes the way(s) it lies on (within 15 m); a line closes the ways that run along
    it (within 5 m). 422 if it lies outside the service area or too far from every way.
    """
    row = crud.create_report(session, closures, body, crud.utcnow())
    return report_feature(closures, row)


@router.get("", summary="Reported barriers as GeoJSON")
def list_barriers(
    session: SessionDep,
    closures: ClosuresDep,
    include_expired: Annotated[
        bool, Query(description="also list reports that have expired")
    ] = False,
) -> dict[str, Any]:
    """A FeatureCollection of the reports, the active ones only unless ``include_expired``."""
    rows = crud.list_reports(session, crud.utcnow(), include_expired)
    return {
        "type": "FeatureCollection",
        "features": [report_feature(closures, row) for row in rows],
        "attribution": OSM_ATTRIBUTION,
    }


def _found(session: SessionDep, report_id: int) -> BarrierReport:
    row = crud.get_report(session, report_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no barrier report with id {report_id}")
    return row


@router.get("/{report_id}", summary="One reported barrier")
def get_barrier(report_id: int, session: SessionDep, closures: ClosuresDep) -> dict[str, Any]:
    """The report as a Feature; 404 if there is none with that id."""
    return report_feature(closures, _found(session, report_id))


@router.delete("/{report_id}", status_code=204, summary="Remove a report")
def delete_barrier(report_id: int, session: SessionDep, closures: ClosuresDep) -> Response:
    """Remove the report and reopen its ways; 404 if there is none with that id."""
    crud.delete_report(session, closures, _found(session, report_id), crud.utcnow())
    return Response(status_code=204)


@router.post("/{report_id}/expire", summary="Mark a report as cleared now")
def expire_barrier(report_id: int, session: SessionDep, closures: ClosuresDep) -> dict[str, Any]:
    """Set the expiry to now (kept for the record) and reopen the ways."""
    row = _found(session, report_id)
    now = crud.utcnow()
    if row.is_active(now):
        row = crud.update_report(session, closures, row, now, {"expires_at": now})
    return report_feature(closures, row)


@router.patch("/{report_id}", summary="Change a report's expiry or note")
def patch_barrier(
    report_id: int, body: BarrierPatch, session: SessionDep, closures: ClosuresDep
) -> dict[str, Any]:
    """Set a new expiry (future; ``null`` for none) or note; only the fields given change."""
    row = _found(session, report_id)
    changes = {key: getattr(body, key) for key in body.model_fields_set}
    row = crud.update_report(session, closures, row, crud.utcnow(), changes)
    return report_feature(closures, row)
