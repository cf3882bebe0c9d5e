"""Tables and request bodies: reported barriers."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import JSON, DateTime, Integer, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from routing.reports import REPORT_KINDS

NOTE_MAX_CHARS = 500


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as UTC without zone (SQLite keeps none) and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times must carry a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class BarrierReport(Base):
    """A temporary barrier reported by someone on the street."""

    __tablename__ = "barrier_reports"
    # Never hand out the id of a deleted report again (SQLite reuses ids without this).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: GeoJSON geometry, [lon, lat]
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)

    def is_active(self, now: datetime) -> bool:
        """Whether the report still closes its ways at ``now``."""
        return self.expires_at is None or self.expires_at > now


# --- request bodies ----------------------------------------------------------------------

Position = tuple[float, float]


def _check_position(position: Position, where: str) -> None:
    lon, lat = position
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError(f"{where} must be finite numbers, got {list(position)}")
    if not -180 <= lon <= 180:
        raise ValueError(
            f"{where} longitude {lon} is out of range -180..180 (GeoJSON positions are [lon, lat])"
        )
    if not -90 <= lat <= 90:
        hint = " (GeoJSON positions are [lon, lat])" if -90 <= lon <= 90 else ""
        raise ValueError(f"{where} latitude {lat} is out of range -90..90{hint}")


class PointGeometry(BaseModel):
    """A GeoJSON Point, ``[lon, lat]``."""

    type: Literal["Point"]
    coordinates: Position

    @field_validator("coordinates")
    @classmethod
    def _in_range(cls, value: Position) -> Position:
        _check_position(value, "the point")
        return value


class LineGeometry(BaseModel):
    """A GeoJSON LineString of at least two distinct positions, ``[[lon, lat], ...]``."""

    type: Literal["LineString"]
    coordinates: list[Position]

    @field_validator("coordinates")
    @classmethod
    def _in_range(cls, value: list[Position]) -> list[Position]:
        if len(value) < 2:
            raise ValueError(f"a LineString needs at least two positions, got {len(value)}")
        for i, position in enumerate(value):
            _check_position(position, f"position {i}")
        if len(set(value)) < 2:
            raise ValueError("a LineString needs two different positions, all are the same")
        return value


Geometry = Annotated[PointGeometry | LineGeometry, Field(discriminator="type")]


def _check_future(value: datetime | None) -> datetime | None:
    if value is not None and value <= datetime.now(UTC):
        raise ValueError(f"expires_at {value.isoformat()} is in the past; give a later time")
    return value


class BarrierIn(BaseModel):
    """A new report: a GeoJSON geometry, or ``lat`` and ``lon`` for a point."""

    kind: str = Field(description=f"one of {', '.join(REPORT_KINDS)}", examples=["construction"])
    geometry: Geometry | None = Field(
        default=None,
        description="GeoJSON Point or LineString, [lon, lat]",
        examples=[{"type": "Point", "coordinates": [139.66315, 35.62469]}],
    )
    lat: float | None = Field(default=None, description="latitude of a point report")
    lon: float | None = Field(default=None, description="longitude of a point report")
    expires_at: AwareDatetime | None = Field(
        default=None,
        description="ISO 8601 with a time zone, e.g. 2030-05-01T18:00:00+09:00; none: until "
        "removed",
    )
    note: str | None = Field(default=None, max_length=NOTE_MAX_CHARS)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in REPORT_KINDS:
            raise ValueError(f"unknown kind '{value}'; choose one of {', '.join(REPORT_KINDS)}")
        return value

    @field_validator("expires_at")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        return _check_future(value)

    @model_validator(mode="after")
    def _one_location(self) -> BarrierIn:
        has_point = self.lat is not None or self.lon is not None
        if self.geometry is not None and has_point:
            raise ValueError("give either geometry or lat/lon, not both")
        if self.geometry is None:
            if self.lat is None or self.lon is None:
                raise ValueError("give a geometry (Point or LineString) or both lat and lon")
            _check_position((self.lon, self.lat), "the point")
        return self

    def geojson(self) -> dict[str, Any]:
        """The geometry as GeoJSON."""
        if self.geometry is not None:
            return self.geometry.model_dump()
        return {"type": "Point", "coordinates": [self.lon, self.lat]}


class BarrierPatch(BaseModel):
    """Changes to a report: a new expiry (future) or note."""

    expires_at: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX_CHARS)

    @field_validator("expires_at")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        return _check_future(value)


def to_shape(geojson: dict[str, Any]) -> BaseGeometry:
    """A stored GeoJSON Point or LineString as a shapely geometry (lon/lat)."""
    coords = geojson["coordinates"]
    if geojson["type"] == "Point":
        return Point(coords)
    return LineString(coords)
