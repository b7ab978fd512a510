"""Column types for text that comes from Telegram users: names, titles, notes, file names, links.

PostgreSQL refuses a NUL character in text and a string longer than its VARCHAR; SQLite takes both. So
that both engines store the same thing and an insert never fails on what someone typed, every such column
cleans on the way in: NUL and other control characters except tab and line breaks are dropped, a lone
UTF-16 surrogate becomes U+FFFD, and text longer than the column is cut with an ellipsis. A file name keeps
its extension when cut, since the evidence package and the evaluators go by it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ELLIPSIS = "…"
_MAX_SUFFIX = 16


def clean_text(text: str, limit: int | None = None) -> str:
    """`text` without characters a database or a spreadsheet refuses, within `limit` characters."""
    text = _CONTROL.sub("", text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + _ELLIPSIS


def clean_file_name(name: str, limit: int) -> str:
    """A file name cut like `clean_text`, keeping its extension (`laporan…​.pdf`)."""
    name = clean_text(name)
    if len(name) <= limit:
        return name
    suffix = PurePosixPath(name).suffix
    if not suffix or len(suffix) > _MAX_SUFFIX:
        return clean_text(name, limit)
    return clean_text(name[: -len(suffix)], limit - len(suffix)) + suffix


class _Cleaned(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else clean_text(value, getattr(self.impl, "length", None))


class UserString(_Cleaned):
    """VARCHAR(length) of user text, cleaned and cut to fit on every write."""

    impl = String
    cache_ok = True  # SQLAlchemy reads it per class


class UserText(_Cleaned):
    """TEXT from users (notes, links), cleaned on every write; never cut."""

    impl = Text
    cache_ok = True


class FileName(UserString):
    """A file name as the sender named it, cut keeping its extension."""

    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        length = getattr(self.impl, "length", None)
        if value is None or length is None:
            return super().process_bind_param(value, dialect)
        return clean_file_name(value, length)


def plain_type(column_type: object) -> str | None:
    """How a migration writes one of these columns: the plain type underneath (`sa.String(length=255)`)."""
    return f"sa.{column_type.impl!r}" if isinstance(column_type, _Cleaned) else None
