"""Find the zip entry a descriptor's href points at, and say so when it is missing."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from trainforge.check.archive import Archive
from trainforge.errors import Diagnostic, Location, error


def check_href(
    archive: Archive, href: str, *, base: str = "", code: str, what: str, where: Location
) -> Diagnostic | None:
    """An error unless ``href`` (relative to ``base``) names an entry of the zip.

    Absolute URLs point outside the package and are not checked. Hrefs are URLs, so
    ``my%20page.html`` names the entry ``my page.html``; the undecoded name is accepted too.
    """
    url = urljoin(base, href.strip())
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    if not path:
        return error(code, f"{what} is empty", where, "give a path relative to the package root")
    names = {_normalize(path), _normalize(unquote(path))}
    if any(n.startswith("/") or n == ".." or n.startswith("../") for n in names):
        return error("check.href-outside", f"{what} '{href}' points outside the package", where)
    if names & archive.files:
        return None
    hint = ""
    folded = {name.casefold(): name for name in archive.files}
    for name in names:
        if name.casefold() in folded:
            hint = f"the zip has '{folded[name.casefold()]}'; most LMS servers are case-sensitive"
    return error(code, f"{what} '{href}' is not in the zip", where, hint)


def _normalize(path: str) -> str:
    normalized = posixpath.normpath(path)
    return "" if normalized == "." else normalized
