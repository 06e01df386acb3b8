"""Content samples (a bank question's or a lesson's ``{sample}``) → resolved samples."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from trainforge.errors import Location
from trainforge.resolve import resolved

if TYPE_CHECKING:
    from trainforge.model.question_parts import Sample


class Media(Protocol):
    """The course's media, as the resolver registers them."""

    def asset(self, base: str, target: str, loc: Location, kind: str) -> str | None:
        """The course path of media file ``target`` (relative to ``base``), or None."""
        ...


def sample_of(s: Sample, base: str, loc: Location, media: Media) -> resolved.Sample:
    """A sample with its media checked (paths relative to ``base``, the file it is written in)."""
    src = media.asset(base, s.src, loc, "sample") if s.src else None
    captions = media.asset(base, s.captions, loc, "captions") if s.captions else None
    return resolved.Sample(s.kind.value, s.description, s.text or "", src or "", s.alt or "",
                           captions or "", s.sensitive.value if s.sensitive else None,
                           s.warning or "")
