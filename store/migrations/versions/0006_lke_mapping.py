"""plan rows keep the plan file's LKE codes; the coordinator's own mapping of rows to LKE questions"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("lke", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "lke_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_lke_mappings_action_id_actions")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_lke_mappings_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lke_mappings")),
        sa.UniqueConstraint("action_id", name=op.f("uq_lke_mappings_action_id")),
    )


def downgrade() -> None:
    op.drop_table("lke_mappings")
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("lke")
