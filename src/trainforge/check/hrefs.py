"""Find the zip entry a descriptor's href points at, and say so when it is missing."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

from trainforge.check.zip_reader import Archive
from trainforge.errors import Diagnostic, Location, error

Report = Callable[[str, str, Location, str], Diagnostic]


def check_href(
    archive: Archive,
    href: str,
    *,
    base: str = "",
    code: str,
    what: str,
    where: Location,
    report: Report = error,
) -> Diagnostic | None:
    """An error unless ``href`` (relative to ``base``) names an entry of the zip.

    Absolute URLs point outside the package and are not checked. Hrefs are URLs, so
    ``my%20page.html`` names the entry ``my page.html``; the undecoded name is accepted too.
    """
    if not href.strip():
        return report(code, f"{what} is empty", where, "give a path relative to the package root")
    parts = urlsplit(join(base, href.strip()))
    drive = len(parts.scheme) == 1  # "C:\course\index.html" is a Windows path, not a URL
    if (parts.scheme or parts.netloc) and not drive:
        return None
    names = {_normalize(parts.path), _normalize(unquote(parts.path))}
    if drive or any(n.startswith("/") or n == ".." or n.startswith("../") for n in names):
        return report(
            "check.href-outside", f"{what} '{href}' points outside the package", where, ""
        )
    if names & archive.files:
        return None
    hint = ""
    folded = {name.casefold(): name for name in archive.files}
    for name in names:
        if name.casefold() in folded:
            hint = f"the zip has '{folded[name.casefold()]}'; most LMS servers are case-sensitive"
    return report(code, f"{what} '{href}' is not in the zip", where, hint)


def join(base: str, reference: str) -> str:
    """``reference`` resolved against ``base`` (RFC 3986 §5.2), keeping any '..' that climbs out.

    urljoin would silently drop a '..' above the root, hiding an href that leaves the package.
    """
    if urlsplit(reference).scheme or urlsplit(reference).netloc or reference.startswith("/"):
        return reference
    if urlsplit(base).scheme or urlsplit(base).netloc:
        return urljoin(base, reference)
    return base[: base.rfind("/") + 1] + reference


def _normalize(path: str) -> str:
    normalized = posixpath.normpath(path)
    return "" if normalized == "." else normalized
