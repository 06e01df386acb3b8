"""Refuse to bake credentials into a package: LRS keys and secrets come only from the launch.

A package is copied to LMSs, CDNs and learners' browsers, so anything inside it is public. The
scan looks for what an LRS credential looks like when pasted into course text or options: a
launch URL's ``auth=`` parameter, an ``Authorization: Basic``/``Bearer`` value, or a URL that
carries ``user:password@``. It is a guard against mistakes, not a secret detector for any format.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from trainforge.errors import Diagnostic, Location, error
from trainforge.resolve import resolved

CODE = "package.secret"
HINT = "LRS endpoints and credentials reach xAPI content only through the launch URL"

# Query parameters that carry a credential in Tin Can launch links and common LRS/API URLs.
_QUERY = re.compile(
    r"[?&](auth|authorization|access_token|api_key|apikey|client_secret|password|secret)"
    r"=(?!&|\s|$)",
    re.IGNORECASE,
)
# HTTP Basic credentials are base64("user:secret"); decoding tells them from "Basic training".
_BASIC = re.compile(r"\bBasic\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])")
_BEARER = re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*")
_USERINFO = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/?#@:]+:[^\s/?#@]+@", re.IGNORECASE)
# Option names that only a credential or an LRS address would have.
_SECRET_OPTION = re.compile(
    r"auth|endpoint|secret|password|passwd|token|credential|api_?key|lrs", re.IGNORECASE
)


@dataclass(frozen=True)
class Text:
    """A piece of author text, where it comes from and the line it starts on."""

    field: str
    value: str
    location: Location
    starts_at_line: bool = False  # the value begins on location.line (Markdown bodies)


def find_secret(text: str) -> tuple[int, str] | None:
    """Offset and a description of the first credential-like string in ``text``, if any."""
    # What each pattern needs to match: most text has none, and substring tests are far
    # cheaper than four searches.
    if not ("=" in text or "://" in text or "Basic" in text or "Bearer" in text):
        return None
    found: list[tuple[int, str]] = []
    if m := _QUERY.search(text):
        found.append((m.start(), f"a URL parameter `{m.group(1)}=` carrying a credential"))
    for m in _BASIC.finditer(text):
        if _is_basic_credential(m.group(1)):
            found.append((m.start(), "an HTTP Basic credential (`Basic …`)"))
            break
    if m := _BEARER.search(text):
        found.append((m.start(), "a bearer token (`Bearer …`)"))
    if m := _USERINFO.search(text):
        found.append((m.start(), "a URL with a user name and password (`user:secret@`)"))
    return min(found) if found else None


def _is_basic_credential(token: str) -> bool:
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in raw and all(32 <= b < 127 for b in raw)


def check_options(extra: Mapping[str, str]) -> list[Diagnostic]:
    """Refuse build options that would put an endpoint or a credential into a package."""
    problems: list[Diagnostic] = []
    for key, value in sorted(extra.items()):
        where = Location(f"build option `{key}`")
        if _SECRET_OPTION.search(key):
            problems.append(
                error(
                    CODE,
                    f"option `{key}` would put an LRS endpoint or credential into the package",
                    where,
                    HINT,
                )
            )
        elif (hit := find_secret(value)) is not None:
            problems.append(error(CODE, f"option `{key}` contains {hit[1]}", where, HINT))
    return problems


def check_course(course: resolved.Course) -> list[Diagnostic]:
    """Refuse course text (and text media) that contains a credential, at its file and line."""
    problems = []
    for text in _texts(course):
        hit = find_secret(text.value)
        if hit is None:
            continue
        offset, what = hit
        loc = text.location
        if text.starts_at_line:
            loc = Location(loc.path, loc.line + text.value.count("\n", 0, offset), 0)
        problems.append(error(CODE, f"`{text.field}` contains {what}", loc, HINT))
    return problems


def _join(folder: str, rel: str) -> str:
    return rel if folder in ("", ".") else f"{folder}/{rel}"


def _texts(course: resolved.Course) -> Iterator[Text]:
    yaml = Location(_join(course.source_dir, "course.yaml"))
    yield Text("title", course.title, yaml)
    yield Text("description", course.description, yaml)
    if course.audience:
        yield Text("audience", course.audience, yaml)
    for o in course.objectives:
        yield Text(f"objectives[{o.id}].text", o.text, yaml)
    for m in course.modules:
        yield Text(f"modules[{m.id}].title", m.title, yaml)
    for page in course.pages:
        if page.source:
            where = Location(_join(course.source_dir, page.source), page.body_line, 0)
            yield Text("title", page.title, Location(where.path, 1, 0))
            yield Text("body", page.markdown, where, starts_at_line=True)
        else:
            yield Text(f"assessment[{page.id}].title", page.title, yaml)
            yield Text(f"assessment[{page.id}].intro", page.markdown, yaml)
    for q in course.questions.values():
        yield Text(f"{q.id}.prompt", q.prompt, q.location)
        for option in q.options:
            yield Text(f"{q.id}.options[{option.id}].text", option.text, q.location)
            yield Text(f"{q.id}.options[{option.id}].feedback", option.feedback or "", q.location)
    for asset in course.assets.values():
        if asset.source.endswith((".svg", ".vtt", ".txt", ".json", ".xml", ".html", ".css")):
            text = asset.data.decode("utf-8", "replace")
            yield Text("media", text, Location(_join(course.source_dir, asset.source), 1, 0))
