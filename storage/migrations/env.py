"""Alembic environment: the engine comes from storage.db, never from an ini file."""

from alembic import context

from storage.models import Base
from storage.search_index import is_search_object

engine = context.config.attributes.get("engine")
if engine is None:  # `alembic` CLI use: take the URL from -x db=URL
    from sqlalchemy import create_engine

    engine = create_engine(context.get_x_argument(as_dictionary=True)["db"])

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      # the full-text index is made by hand in 0009 (FTS5 and tsvector have no model)
                      include_name=lambda name, kind, parent: not is_search_object(name))
    with context.begin_transaction():
        context.run_migrations()
