"""Zip safety: corrupt archives, hostile entry names, bombs; nothing is extracted or written."""

from __future__ import annotations

import os
import stat
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest

from trainforge.check import Limits, check_package
from trainforge.errors import Diagnostic, Severity

# Central directory file header (zip APPNOTE 4.3.12): field offsets patched to forge archives.
_CD_SIGNATURE = b"PK\x01\x02"
_CD_FLAGS, _CD_UNCOMPRESSED, _CD_LOCAL_OFFSET = 8, 24, 42


def _codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def _patch_central(path: Path, index: int, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of the ``index``-th central directory header."""
    data = bytearray(path.read_bytes())
    start = -1
    for _ in range(index + 1):
        start = data.index(_CD_SIGNATURE, start + 1)
    struct.pack_into(fmt, data, start + offset, value)
    path.write_bytes(bytes(data))


def test_truncated_zip(packages):
    path = packages.scorm()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    [d] = check_package(path)
    assert d.code == "check.zip-corrupt"
    assert str(d.location) == str(path)
    assert d.message.startswith("not a readable zip")


def test_not_a_zip(tmp_path):
    path = tmp_path / "course.zip"
    path.write_text("<html>not a zip</html>")
    assert _codes(check_package(path)) == ["check.zip-corrupt"]


def test_missing_file_and_directory_are_unreadable(tmp_path):
    [missing] = check_package(tmp_path / "nope.zip")
    assert (missing.code, missing.message) == (
        "check.unreadable",
        "cannot read file: No such file or directory",
    )
    assert _codes(check_package(tmp_path)) == ["check.unreadable"]


def test_zip_without_descriptor(packages):
    path = packages.zip({"index.html": "<p>hi</p>"})
    [d] = check_package(path)
    assert d.code == "check.manifest-missing"
    assert str(d.location) == str(path)
    assert d.message == "no imsmanifest.xml (SCORM 1.2) or tincan.xml (xAPI) at the root of the zip"


def test_zip_slip_entry(packages):
    path = packages.scorm(**{"../../x": "pwned"})
    [d] = check_package(path)
    assert d.code == "check.zip-slip"
    assert str(d.location) == f"{path}!../../x"
    assert "zip slip" in d.message


@pytest.mark.parametrize("name", ["/etc/cron.d/x", "C:/Windows/x.dll", "\\\\server\\share\\x"])
def test_absolute_entries(packages, name):
    path = packages.scorm(**{name: "pwned"})
    found = check_package(path)
    assert "check.zip-absolute" in _codes(found)
    assert str(found[0].location) == f"{path}!{name}"


def test_backslash_separator(packages):
    path = packages.scorm(**{"js\\app.js": "//"})
    [d] = check_package(path)
    assert d.code == "check.zip-backslash"
    assert str(d.location) == f"{path}!js\\app.js"


def test_windows_zip_slip_with_backslashes(packages):
    path = packages.scorm(**{"..\\..\\x": "pwned"})
    assert _codes(check_package(path)) == ["check.zip-backslash", "check.zip-slip"]


def test_duplicate_entries(packages):
    path = packages.scorm()
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("index.html", "<p>other</p>")
    [d] = check_package(path)
    assert d.code == "check.zip-duplicate"
    assert str(d.location) == f"{path}!index.html"


def test_symlink_entry(packages):
    path = packages.scorm()
    link = zipfile.ZipInfo("media/passwd")
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    [d] = check_package(path)
    assert d.code == "check.zip-symlink"
    assert str(d.location) == f"{path}!media/passwd"


def test_encrypted_entry(packages):
    path = packages.zip({"tincan.xml": packages.tincan_xml, "index.html": "x"})
    _patch_central(path, 1, _CD_FLAGS, "<H", 0x1)
    [d] = check_package(path)
    assert d.code == "check.zip-encrypted"
    assert str(d.location) == f"{path}!index.html"


def test_macos_junk_is_one_warning(packages):
    path = packages.tincan(**{"__MACOSX/._index.html": "x", "__MACOSX/._tincan.xml": "x"})
    [d] = check_package(path)
    assert (d.code, d.severity) == ("check.zip-junk", Severity.WARNING)


def test_zip_bomb_by_compression_ratio(tmp_path):
    # 200 MB of zeros deflates to ~200 KB (~1000:1); written in chunks, so the test stays fast.
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.bin", "w") as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                stream.write(chunk)
        archive.writestr("imsmanifest.xml", "<manifest/>")
    [d] = check_package(path)
    assert d.code == "check.zip-bomb"
    assert str(d.location) == f"{path}!zeros.bin"
    assert d.message.endswith("bytes); the limit is 100:1")


def test_zip_bomb_lying_about_its_size(packages):
    # A forged central directory claims 4 GiB for a small entry: refused before any read.
    path = packages.zip({"tincan.xml": packages.tincan_xml, "big.bin": os.urandom(4096)})
    _patch_central(path, 1, _CD_UNCOMPRESSED, "<I", 0xFFFF_FFF0)
    found = check_package(path)
    assert _codes(found) == ["check.zip-bomb", "check.zip-bomb"]
    assert str(found[0].location) == str(path)
    assert found[0].message == (
        f"entries unpack to {0xFFFF_FFF0 + len(packages.tincan_xml)} bytes in total; "
        f"the limit is {2 * 1024**3} bytes"
    )
    assert str(found[1].location) == f"{path}!big.bin"


def test_total_size_limit(packages):
    path = packages.tincan()
    [d] = check_package(path, Limits(max_total_uncompressed=100))
    assert d.code == "check.zip-bomb"
    assert "the limit is 100 bytes" in d.message


def test_entry_count_limit(packages):
    path = packages.tincan()
    [d] = check_package(path, Limits(max_entries=2))
    assert (d.code, d.message) == ("check.zip-bomb", "3 entries; the limit is 2")


def test_overlapping_entries(packages):
    path = packages.zip({"tincan.xml": packages.tincan_xml, "index.html": "x"})
    _patch_central(path, 1, _CD_LOCAL_OFFSET, "<I", 0)  # both entries share one local header
    assert "check.zip-overlap" in _codes(check_package(path))


def test_corrupt_descriptor_data(packages, tmp_path):
    path = tmp_path / "pkg.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("tincan.xml", packages.tincan_xml)
    data = path.read_bytes().replace(b"projecttincan", b"projectTINcan")  # same size, bad CRC
    path.write_bytes(data)
    [d] = check_package(path)
    assert d.code == "check.zip-corrupt"
    assert str(d.location) == f"{path}!tincan.xml"
    assert "CRC" in d.message


def test_descriptor_size_limit(packages):
    path = packages.tincan()
    [d] = check_package(path, Limits(max_descriptor_bytes=100))
    assert d.code == "check.too-large"
    assert str(d.location) == f"{path}!tincan.xml"


def test_names_are_escaped_for_the_terminal(packages):
    path = packages.tincan(**{"../\x1b[31mred": "x"})
    [d] = check_package(path)
    assert str(d.location) == f"{path}!../\\u001b[31mred"


def test_nothing_is_written_anywhere(packages, tmp_path, monkeypatch):
    cwd, tmp = tmp_path / "work" / "cwd", tmp_path / "tmp"
    cwd.mkdir(parents=True)
    tmp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    hostile = [
        packages.scorm(**{"../../x": "pwned", "/tmp/abs": "pwned", "..\\y": "pwned"}),
        packages.zip({"imsmanifest.xml": "<not xml"}, "bad.zip"),
        packages.tincan(**{"sub/../../../z": "pwned"}),
    ]
    # Where a naive unzip into the current folder would have written.
    landing = [tmp_path / "x", Path("/tmp/abs"), cwd.parent / "y", tmp_path / "z"]

    def snapshot() -> dict[str, object]:
        files = {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}
        return {**files, "landing": [p.exists() for p in landing]}

    before = snapshot()
    for path in hostile:
        assert any(d.severity is Severity.ERROR for d in check_package(path))
    assert snapshot() == before
    assert list(cwd.iterdir()) == [] and list(tmp.iterdir()) == []
