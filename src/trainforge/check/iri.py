"""Tell whether a string is an absolute IRI (RFC 3987), as xAPI requires of activity ids."""

from __future__ import annotations

import re

# RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Never allowed anywhere in an IRI (RFC 3987 §2.2 has no production for them): controls,
# space, and the delimiters < > " { } | \ ^ `.
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`]')
# "%" only starts a pct-encoded octet (RFC 3986 §2.1).
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Schemes whose IRIs need a host (RFC 9110 §4.2: an http(s) URI with an empty host is invalid).
_NEEDS_HOST = {"http", "https"}


def is_absolute_iri(value: str) -> bool:
    """True for ``https://example.com/course/1`` or ``urn:uuid:…``; false for ``course-1``."""
    scheme = _SCHEME.match(value)
    if not scheme or len(scheme.group()) == 2:  # "C:" is a Windows drive, not a scheme
        return False
    rest = value[scheme.end() :]
    if not rest or _FORBIDDEN.search(value) or _BAD_PERCENT.search(value):
        return False
    if value.count("#") > 1:  # a fragment may not contain "#" (RFC 3987 §2.2, ifragment)
        return False
    if scheme.group()[:-1].lower() in _NEEDS_HOST:
        if not rest.startswith("//"):
            return False
        authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
        host = authority.rpartition("@")[2]  # drop userinfo
        return bool(host if host.startswith("[") else host.partition(":")[0])  # drop port
    return True
