"""Alembic environment: the connection comes from `store.migrate`, never from an ini file."""

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext

from store.models import AwareDateTime, Base
from store.user_text import plain_type


def render_item(type_: str, item: Any, autogen_context: AutogenContext) -> str | bool:
    # Migrations stay plain SQLAlchemy: the UTC conversion lives in the model, the column is a DateTime.
    if type_ == "type" and isinstance(item, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and (plain := plain_type(item)) is not None:
        return plain  # the cleaning of user text lives in the model too
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
