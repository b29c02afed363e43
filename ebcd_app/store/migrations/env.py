"""Alembic environment: run with a connection handed over by ebcd_app.store.db."""

from alembic import context

from ebcd_app.domain.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate`
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("alembic.ini needs sqlalchemy.url to compare the models with")
    connection = create_engine(url).connect()

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
