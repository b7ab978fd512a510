"""replay keys: what makes handling an update again after a crash safe

A review's status change is keyed by its command's chat and message, and the inbox counts each update's
answers Telegram accepted.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


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
