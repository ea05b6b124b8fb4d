"""Alembic environment: migrations run on the connection yushen hands over (pipeline.records.db.upgrade),
or on the URL of the settings when run with the alembic command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pipeline.records.db import Base

target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001
    # render_as_batch: SQLite can only change a table by copying it
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from pipeline.core.settings import Settings

    with create_engine(Settings().db_url).connect() as conn:
        _run(conn)
