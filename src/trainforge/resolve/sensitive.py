"""Strip sensitive media from a resolved course, for audiences that must not see it.

Every sensitive sample keeps its non-graphic description and loses its media: the media files
are not shipped at all (not merely hidden), and text samples show the description instead.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from trainforge.markup import markdown
from trainforge.markup.scan import scan
from trainforge.resolve import resolved
from trainforge.resolve.paths import EscapeError, resolve_relative


def _plain_media(course: resolved.Course) -> set[str]:
    """Media lessons show outside samples (images, videos, captions)."""
    used: set[str] = set()
    for page in course.pages:
        if not page.source:
            continue
        for ref in scan(markdown().parse(page.markdown)):
            if ref.kind in ("image", "video", "captions") and ref.target:
                try:
                    used.add(resolve_relative(page.source, ref.target))
                except EscapeError:
                    continue
    return used


def strip_sensitive(course: resolved.Course) -> resolved.Course:
    """The course with every sensitive sample reduced to its description."""
    dropped: set[str] = set()

    def strip(sample: resolved.Sample | None) -> resolved.Sample | None:
        if sample is None or not sample.sensitive:
            return sample
        dropped.update(p for p in (sample.src, sample.captions) if p)
        return replace(sample, text="", src="", captions="", stripped=True)

    questions = {qid: replace(q, sample=strip(q.sample)) for qid, q in course.questions.items()}
    pages = tuple(replace(p, samples=tuple(s for s in map(strip, p.samples) if s is not None))
                  for p in course.pages)
    # A file a lesson also shows as an ordinary image or video stays.
    assets = {rel: a for rel, a in course.assets.items()
              if rel not in dropped - _plain_media(course)}
    return replace(course, questions=MappingProxyType(questions), pages=pages,
                   assets=MappingProxyType(assets))
