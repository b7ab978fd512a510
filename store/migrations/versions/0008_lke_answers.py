"""lke_answers: every answer to an LKE question, with who, when and the answer it replaces"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "lke_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("option", sa.String(length=10), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("survey_index", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_lke_answers_person_id_people")),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["lke_answers.id"], name=op.f("fk_lke_answers_previous_id_lke_answers")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["plan_versions.id"], name=op.f("fk_lke_answers_version_id_plan_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lke_answers")),
    )
    with op.batch_alter_table("lke_answers", schema=None) as batch_op:
        batch_op.create_index("ix_lke_answers_version_id_code", ["version_id", "code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lke_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_lke_answers_version_id_code")
    op.drop_table("lke_answers")
