"""What every table of the project shares: the declarative base, the clock, enum columns.

The ORM classes are spread over a few modules by job (project and people, recordings and
their words, touch points and the film, events and groups); `domain.models` gathers them,
so importing it gives SQLAlchemy and Alembic every table.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


def enum_column(cls: type[enum.Enum]) -> Enum:
    """Store enum values (readable in the database), not Python member names."""
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=32)
