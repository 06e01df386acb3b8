"""archive.py: reproducible zips, staged writes renamed into place, leftovers swept."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from trainforge.write.archive import (
    commit,
    discard,
    stage_file,
    stage_tree,
    sweep_temporaries,
    write_tree_atomic,
    zip_bytes,
    zip_timestamp,
)

FILES = {"b.txt": b"bee", "a/index.html": b"<p>a</p>", "a/z.css": b"p{}"}


def test_zip_is_a_function_of_files_and_epoch() -> None:
    assert zip_bytes(FILES, 0) == zip_bytes(dict(reversed(FILES.items())), 0)
    assert zip_bytes(FILES, 0) != zip_bytes(FILES, 1_700_000_000)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(FILES, 1_700_000_001))) as zf:
        assert zf.namelist() == sorted(FILES)
        assert zf.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)  # even seconds
        assert zf.testzip() is None


def test_timestamps_before_1980_are_clamped() -> None:
    assert zip_timestamp(0) == zip_timestamp(100) == (1980, 1, 1, 0, 0, 0)


def test_staged_files_are_hidden_temporaries_until_committed(tmp_path: Path) -> None:
    target = tmp_path / "p.zip"
    staged = stage_file(target, b"data")
    assert staged.name.startswith(".p.zip.") and staged.name.endswith(".tmp")
    assert not target.exists() and not list(tmp_path.glob("*.zip"))
    commit(staged, target)
    assert target.read_bytes() == b"data" and list(tmp_path.iterdir()) == [target]
    discard(stage_file(target, b"other"))
    assert target.read_bytes() == b"data" and list(tmp_path.iterdir()) == [target]


def test_folders_are_swapped_whole(tmp_path: Path) -> None:
    target = tmp_path / "site"
    write_tree_atomic(target, FILES)
    write_tree_atomic(target, {"only.txt": b"1"})
    assert [p.name for p in target.rglob("*")] == ["only.txt"]
    staged = stage_tree(target, FILES)
    assert (staged / "a" / "index.html").read_bytes() == b"<p>a</p>"
    assert (target / "only.txt").exists()
    discard(staged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_sweep_removes_only_temporaries_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / f".x.zip.{dead}-abc123.tmp").write_bytes(b"half")
    (tmp_path / f".site.{dead}-def456.tmp").mkdir()
    alive = tmp_path / f".y.zip.{os.getppid()}-abc123.tmp"
    alive.write_bytes(b"in flight")
    keep = [tmp_path / "x.zip", tmp_path / ".trainforge-cache.json", tmp_path / ".hidden.tmp"]
    for path in keep:
        path.write_bytes(b"mine")
    removed = sweep_temporaries(tmp_path)
    assert sorted(p.name for p in removed) == [f".site.{dead}-def456.tmp",
                                               f".x.zip.{dead}-abc123.tmp"]
    assert sorted(tmp_path.iterdir()) == sorted([alive, *keep])
