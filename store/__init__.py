"""Persistence: SQLAlchemy models, sessions, repositories, migrations and the evidence file store."""
