"""The release zip written from pieces: readable by zipfile and unzip, the same bytes from
the same pieces, and after an edit only the batch holding the edited piece deflated again."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.cache import BuildCache
from generator.errors import BuildError
from generator.exports import deflate, reuse


def _pieces(count: int, seed: int = 7) -> list[bytes]:
    """Region-sized parts of text that compresses like the atlas's (words repeat)."""
    words = ["教师", "培训", "学校", "智慧教育", "teacher", "training", "2027", "平台"]
    pick = random.Random(seed)
    return [
        " ".join(pick.choice(words) for _ in range(pick.randint(2_000, 9_000))).encode()
        for _ in range(count)
    ]


def _zip(members: dict[str, list[bytes]]) -> bytes:
    listed = [deflate.Member(name, pieces) for name, pieces in members.items()]
    return deflate.zip_archive(listed, (2026, 11, 25))


def test_a_zip_from_pieces_reads_back_as_the_joined_pieces(tmp_path: Path) -> None:
    members = {"atlas.json": _pieces(60), "目录/名录.csv": _pieces(3, seed=2), "empty": []}
    made = _zip(members)
    archive = zipfile.ZipFile(io.BytesIO(made))
    assert archive.testzip() is None
    assert archive.namelist() == list(members)
    for name, pieces in members.items():
        assert archive.read(name) == b"".join(pieces)
        info = archive.getinfo(name)
        assert info.date_time == (2026, 11, 25, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
    assert len(made) < sum(len(b"".join(p)) for p in members.values()) / 2
    if shutil.which("unzip"):
        (tmp_path / "a.zip").write_bytes(made)
        tested = subprocess.run(["unzip", "-t", str(tmp_path / "a.zip")], capture_output=True)
        assert tested.returncode == 0, tested.stdout.decode()


def test_the_same_pieces_make_the_same_bytes_however_they_are_cut() -> None:
    pieces = _pieces(40)
    assert _zip({"a": pieces}) == _zip({"a": list(pieces)})
    whole = zipfile.ZipFile(io.BytesIO(_zip({"a": [b"".join(pieces)]}))).read("a")
    assert whole == zipfile.ZipFile(io.BytesIO(_zip({"a": pieces}))).read("a")


def test_batch_ends_depend_on_content_so_an_insertion_moves_no_other_batch() -> None:
    pieces = _pieces(200)
    before = [batch.key for batch in deflate.batches(pieces)]
    assert len(before) > 5, "the test needs several batches"
    inserted = [*pieces[:100], b"a new region's part " * 400, *pieces[100:]]
    after = [batch.key for batch in deflate.batches(inserted)]
    assert len(set(before) - set(after)) <= 2
    assert len(set(after) - set(before)) <= 2
    largest = max(len(piece) for piece in pieces)
    assert all(
        sum(map(len, b.pieces)) < deflate.MAX_BATCH + largest for b in deflate.batches(pieces)
    )


def test_after_an_edit_only_the_edited_batch_is_deflated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BuildCache(tmp_path / "cache")
    pieces = {"atlas.json": _pieces(200), "goals.csv": _pieces(120, seed=3)}
    with reuse.reusing(cache):
        first = _zip(pieces)
    deflated: list[deflate.Batch] = []
    plain = deflate.Batch.deflated

    def counted(batch: deflate.Batch) -> bytes:
        deflated.append(batch)
        return plain(batch)

    monkeypatch.setattr(deflate.Batch, "deflated", counted)
    with reuse.reusing(cache):
        assert _zip(pieces) == first
    assert deflated == []
    edited = {name: list(parts) for name, parts in pieces.items()}
    edited["atlas.json"][150] = b"an edited region " * 300
    with reuse.reusing(cache):
        warm = _zip(edited)
    assert 1 <= len(deflated) <= 2 and len(deflated) < len(deflate.batches(pieces["atlas.json"]))
    assert any(edited["atlas.json"][150] in batch.pieces for batch in deflated)
    assert zipfile.ZipFile(io.BytesIO(warm)).read("atlas.json") == b"".join(edited["atlas.json"])
    assert warm == _zip(edited)  # no cache: the bytes of a cold build


def test_a_member_beyond_what_a_zip_without_zip64_holds_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deflate, "LIMIT", 1_000)
    with pytest.raises(BuildError, match="too large for a zip without ZIP64"):
        _zip({"atlas.json": [b"x" * 1_001]})
