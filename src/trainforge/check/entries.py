"""Refuse entry names that would unpack outside the package folder, or ambiguously."""

from __future__ import annotations

import re
import stat
import zipfile

from trainforge.check.zip_reader import Archive
from trainforge.errors import Diagnostic, error, warning

_DRIVE = re.compile(r"[A-Za-z]:")
# ZipInfo.create_system for entries made on Unix (APPNOTE 4.4.2.2), whose external attributes
# carry a st_mode in the high 16 bits.
_UNIX = 3
# APPNOTE 4.4.17.1: "The path stored MUST NOT contain a drive or device letter, or a leading
# slash. All slashes MUST be forward slashes '/'".
_APPNOTE = "entry names must be relative, with '/' separators (zip APPNOTE 4.4.17.1)"


def check_entries(archive: Archive) -> list[Diagnostic]:
    """Errors for unsafe or ambiguous entry names, symlinks and encrypted entries."""
    found: list[Diagnostic] = []
    seen: set[str] = set()
    junk = False  # reported once, not once per file
    for info in archive.infos:
        name = info.filename
        where = archive.where(name)
        slashed = name.replace("\\", "/")
        parts = slashed.split("/")
        if "\\" in name:
            message = "entry name uses '\\' as a separator; unzip tools disagree on what it means"
            found.append(error("check.zip-backslash", message, where, _APPNOTE))
        if slashed.startswith("/") or _DRIVE.match(slashed):
            message = "absolute entry name: unpacking may write anywhere on the LMS server"
            found.append(error("check.zip-absolute", message, where, _APPNOTE))
        elif ".." in parts:
            message = "entry name climbs out of the package with '..' (zip slip)"
            found.append(error("check.zip-slip", message, where, _APPNOTE))
        if name in seen:
            message = "entry appears more than once; unzip tools disagree on which copy wins"
            found.append(error("check.zip-duplicate", message, where))
        seen.add(name)
        if _is_symlink(info):
            message = "entry is a symbolic link; unpacking it may expose files outside the package"
            found.append(error("check.zip-symlink", message, where))
        if info.flag_bits & 0x1:  # general purpose bit 0: encrypted (APPNOTE 4.4.4)
            message = "entry is encrypted; an LMS cannot read it"
            found.append(error("check.zip-encrypted", message, where))
        if parts[0] == "__MACOSX" and not junk:
            junk = True
            message = "macOS resource-fork folder packed by Finder; LMSs list it as content"
            found.append(warning("check.zip-junk", message, where, "leave it out of the zip"))
    return found


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == _UNIX and stat.S_ISLNK(info.external_attr >> 16)
