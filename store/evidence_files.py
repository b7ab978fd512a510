"""Content-addressed evidence files: written to a temp file, fsynced, then renamed into place by SHA-256.

A file is complete on disk before any database row names it; the same content is stored once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
_INCOMING_PREFIX = "in-"


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    relative_path: str


class EvidenceFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def path_of(self, relative_path: str) -> Path:
        return self.root / relative_path

    def sweep_incoming(self) -> int:
        """Remove downloads a killed process left half-written; only `zibot run` calls it, at start,
        because a download of a running bot would be swept too."""
        swept = 0
        for leftover in self._tmp.glob(f"{_INCOMING_PREFIX}*"):
            leftover.unlink(missing_ok=True)
            swept += 1
        if swept:
            logger.info("removed %s unfinished downloads from %s", swept, self._tmp)
        return swept

    def new_incoming(self) -> Path:
        """A fresh temp file on the store's file system; the caller commits or removes it."""
        handle, name = tempfile.mkstemp(dir=self._tmp, prefix=_INCOMING_PREFIX)
        os.close(handle)
        return Path(name)

    @contextmanager
    def incoming(self) -> Iterator[Path]:
        """A temp path on the store's file system to download into; removed if not committed."""
        temp = self.new_incoming()
        try:
            yield temp
        finally:
            temp.unlink(missing_ok=True)

    def commit(self, temp: Path) -> StoredFile:
        """Hash, fsync and move a finished download into place; returns where it now lives."""
        digest = hashlib.sha256()
        size = 0
        with temp.open("rb") as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            os.fsync(source.fileno())
        sha256 = digest.hexdigest()
        relative = f"{sha256[:2]}/{sha256}"
        target = self.root / relative
        if target.exists():
            logger.info("evidence %s already stored; keeping one copy", sha256)
            return StoredFile(sha256, size, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
        _fsync_dir(target.parent)
        return StoredFile(sha256, size, relative)


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
