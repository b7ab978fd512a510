"""what makes handling an update again after a crash safe: a review's status change keyed by its command's
chat and message, and the inbox counting each update's answers Telegram accepted

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_changes") as batch:
        batch.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
        batch.create_index("ix_status_changes_chat_message", ["chat_id", "message_id"], unique=False)
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("answers", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("answers")
    with op.batch_alter_table("status_changes") as batch:
        batch.drop_index("ix_status_changes_chat_message")
        batch.drop_column("message_id")
