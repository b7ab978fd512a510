"""pending requests: albums held and keyboards waiting for a pick, kept across restarts"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "pending_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("media_group_id", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_requests")),
        sa.UniqueConstraint("token", name=op.f("uq_pending_requests_token")),
    )
    with op.batch_alter_table("pending_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_requests_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_requests_expires_at"))
    op.drop_table("pending_requests")
