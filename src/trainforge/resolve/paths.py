"""Author-written paths: resolve them inside the course folder, refuse any that escape it."""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import unquote, urlsplit


class EscapeError(ValueError):
    """A path that leaves the course folder (``../``, absolute, or a drive)."""


def resolve_relative(base_file: str, target: str) -> str:
    """``target`` as written in ``base_file`` (both course-relative) → a course-relative path."""
    path = unquote(urlsplit(target).path)
    if not path or path.startswith(("/", "\\")) or "\\" in path or ":" in path:
        raise EscapeError(target)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_file), path))
    if joined == ".." or joined.startswith("../"):
        raise EscapeError(target)
    return joined


def fragment(target: str) -> str:
    return urlsplit(target).fragment


def hashed_name(source: str, data: bytes) -> str:
    """``media/x.svg`` → ``media/x.3f2a9c1b7d.svg``: new content, new URL; caches stay right."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, ext = posixpath.splitext(source)
    return f"{stem}.{digest}{ext}"
