import hashlib
from pathlib import Path

from store.evidence_files import EvidenceFileStore, StoredFile


def _downloaded(store: EvidenceFileStore, content: bytes) -> StoredFile:
    with store.incoming() as temp:
        temp.write_bytes(content)
        return store.commit(temp)


def test_files_are_content_addressed_and_stored_once(tmp_path: Path) -> None:
    store = EvidenceFileStore(tmp_path / "evidence")
    content = b"\x89PNG fake photo bytes" * 1000
    first = _downloaded(store, content)
    second = _downloaded(store, content)
    assert first == second
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.size == len(content)
    assert store.path_of(first.relative_path).read_bytes() == content
    assert first.relative_path == f"{first.sha256[:2]}/{first.sha256}"
    assert list((tmp_path / "evidence" / "tmp").iterdir()) == []


def test_an_abandoned_download_leaves_nothing_behind(tmp_path: Path) -> None:
    store = EvidenceFileStore(tmp_path / "evidence")
    try:
        with store.incoming() as temp:
            temp.write_bytes(b"half a file")
            raise ConnectionError("download broke")
    except ConnectionError:
        pass
    assert list((tmp_path / "evidence" / "tmp").iterdir()) == []
    assert [p for p in (tmp_path / "evidence").iterdir() if p.name != "tmp"] == []


def test_the_start_sweep_removes_downloads_a_killed_process_left(tmp_path: Path) -> None:
    store = EvidenceFileStore(tmp_path / "evidence")
    kept = _downloaded(store, b"a finished photo")
    # What `kill -9` during a download leaves: the temp file, never removed by its context manager.
    incoming = store.incoming()
    temp = incoming.__enter__()
    temp.write_bytes(b"half a file")
    restarted = EvidenceFileStore(tmp_path / "evidence")
    assert restarted.sweep_incoming() == 1
    assert not temp.exists()
    assert restarted.path_of(kept.relative_path).read_bytes() == b"a finished photo"
    assert restarted.sweep_incoming() == 0
