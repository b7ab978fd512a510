"""plan versions: each imported plan is an office's decree for one year

The one plan of before becomes the version of its year (2022 for the shipped decree), with every row, status
and evidence kept.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decree_title", sa.Text(), nullable=False),
        sa.Column("decree_number", sa.String(length=100), nullable=False),
        sa.Column("decree_date", sa.Date(), nullable=False),
        sa.Column("decree_signed_by", sa.String(length=200), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("office", "year", name=op.f("uq_plan_versions_office")),
    )
    connection = op.get_bind()
    # plan_meta held one row: the one plan imported so far. The signatory was never stored, so it stays
    # empty until the decree is imported again.
    connection.execute(
        sa.text(
            "INSERT INTO plan_versions (id, office, year, decree_title, decree_number, decree_date,"
            " decree_signed_by, source_sha256, revision, imported_at)"
            " SELECT 1, office, year, decree_title, decree_number, decree_date, '', source_sha256, 1,"
            " imported_at FROM plan_meta ORDER BY id LIMIT 1"
        )
    )
    has_version = connection.scalar(sa.text("SELECT COUNT(*) FROM plan_versions")) > 0
    has_actions = connection.scalar(sa.text("SELECT COUNT(*) FROM actions")) > 0
    if has_actions and not has_version:
        raise RuntimeError("actions without plan_meta: this database was not written by zibot")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version_id", sa.Integer(), nullable=True))
    connection.execute(sa.text("UPDATE actions SET version_id = 1"))
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.alter_column("version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("uq_actions_code", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_actions_version_id"), ["version_id", "code"])
        batch_op.create_index(batch_op.f("ix_actions_version_id"), ["version_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_version_id_plan_versions"), "plan_versions", ["version_id"], ["id"]
        )
    if connection.dialect.name == "postgresql":
        # The explicit id 1 above did not move the sequence on.
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('plan_versions', 'id'), COALESCE(MAX(id), 1))"
                " FROM plan_versions"
            )
        )
    op.drop_table("plan_meta")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.scalar(sa.text("SELECT COUNT(*) FROM plan_versions")) > 1:
        raise RuntimeError("more than one plan version: a single-plan schema cannot hold them")
    op.create_table(
        "plan_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("decree_title", sa.Text(), nullable=False),
        sa.Column("decree_number", sa.String(length=100), nullable=False),
        sa.Column("decree_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_meta")),
    )
    connection.execute(
        sa.text(
            "INSERT INTO plan_meta (id, office, decree_title, decree_number, decree_date, year,"
            " source_sha256, imported_at) SELECT 1, office, decree_title, decree_number, decree_date, year,"
            " source_sha256, imported_at FROM plan_versions"
        )
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint("fk_actions_version_id_plan_versions", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actions_version_id"))
        batch_op.drop_constraint("uq_actions_version_id", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_actions_code"), ["code"])
        batch_op.drop_column("version_id")
    op.drop_table("plan_versions")
