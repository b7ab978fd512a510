"""pick taken by: a pressed pick (or plan proposal) is marked with the update of the press, not deleted

That update, handled again after a crash, takes the pick again; any other press finds it used up, and a
proposal's second press learns it is applied.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place, no table copy (batch) needed.
    op.add_column("pending_requests", sa.Column("taken_by_update", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    # A taken pick is done with (the press's handling files it or fails): the old schema deleted it.
    op.execute("DELETE FROM pending_requests WHERE taken_by_update IS NOT NULL")
    with op.batch_alter_table("pending_requests") as batch:
        batch.drop_column("taken_by_update")
