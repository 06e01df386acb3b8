"""The size of the learner state the JS player saves, computed at build time from the course.

The player (runtime/core.js, ``TF.state.encode``) writes a string of fixed-width fields, so its
longest possible output for a course is a sum over the course's pages and questions. SCORM 1.2
keeps that string in ``cmi.suspend_data``, a CMIString4096: the SCORM packager fails the build
when :func:`worst_case_state_size` exceeds :data:`SCORM12_SUSPEND_DATA_MAX`.
docs/state-format.md describes the format; the functions here give the widths the encoder
writes (core.js, runtime/shared/positions.js and choices.js, each type's file), and
tests/runtime/test_statesize.py and test_state_widths.py run the course's own player in node to
keep them equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from trainforge import questions
from trainforge.resolve import resolved

#: SCORM 1.2 RTE: cmi.suspend_data is a CMIString4096.
SCORM12_SUSPEND_DATA_MAX = 4096

FORMAT = "3"  # the state-format version written first in every state string
KEY_WIDTH = 5  # base-36 chars of an id key (FNV-1a 32-bit mod 36^5)
SIG_WIDTH = 2  # base-36 chars of a signature
CHOICE_WIDTH = 6  # base-36 chars of a choice: 26 option bits + 1 "submitted" bit < 36^6
COUNT_WIDTH = 2  # base-36 chars of an attempt count or a score (0-1295)
LENGTH_WIDTH = 2  # base-36 chars of the length of a non-choice answer's payload
SEED_WIDTH = 4  # base-36 chars of the seed of an attempt's draw (pools, shuffle)

HEADER = len(FORMAT) + len("~") + len("~")  # "3~" + version + "~"
CURRENT = KEY_WIDTH + 1 + 1  # current page key + finish code + attested, then "~"
ANSWER = KEY_WIDTH + SIG_WIDTH + CHOICE_WIDTH  # a choice record: one choice question on one page
OTHER = KEY_WIDTH + SIG_WIDTH + LENGTH_WIDTH  # before the payload of any other type
# attempts, best score, last score, locked, seed
ASSESSMENT = KEY_WIDTH + SIG_WIDTH + 3 * COUNT_WIDTH + 1 + SEED_WIDTH
SEPARATORS = 5  # between visited, choice answers, other answers, assessments, learner seed
LEARNER = SEED_WIDTH  # the learner's seed (shuffled options), last

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193
_KEY_MOD = 36**KEY_WIDTH
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fnv1a(text: str) -> int:
    """FNV-1a 32-bit over the UTF-8 bytes of ``text`` (core.js ``fnv1a``)."""
    h = _FNV_OFFSET
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def base36(n: int, width: int) -> str:
    """``n`` in lower-case base 36, zero-padded to ``width`` (JS ``n.toString(36).padStart``)."""
    out = ""
    while n:
        n, rest = divmod(n, 36)
        out = _DIGITS[rest] + out
    return (out or "0").rjust(width, "0")


def id_key(id: str) -> str:
    """The 5-character key a page id or a ``page/question`` slot id is saved under."""
    return base36(fnv1a(id) % _KEY_MOD, KEY_WIDTH)


def digits(n: int) -> int:
    """Base-36 digits needed to write every number from 0 to ``n`` (core.js ``digits``)."""
    return 1 if n < 36 else 2 if n < 36**2 else 3


def payload_width(q: resolved.Question) -> int:
    """Characters of a non-choice answer after its length (runtime/shared/positions.js): a submitted
    flag, then one position per part (the type's ``state_parts``), each wide enough for its
    values (1-based, 0 = none)."""
    parts = questions.get(q.type).state_parts(q)
    if parts is None:
        raise ValueError(f"question type {q.type!r} saves a choice record, not a payload")
    return 1 + sum(digits(n) for n in parts)


def answer_width(q: resolved.Question) -> int:
    """Characters one answer to ``q`` takes in the state, whatever the answer."""
    if questions.get(q.type).state_parts(q) is None:
        return ANSWER
    return OTHER + payload_width(q)


def pages_of(course: resolved.Course, modules: Sequence[str] | None = None) -> list[resolved.Page]:
    """The pages of one view: all of them, or those of ``modules`` (as render.View selects)."""
    wanted = [m for m in course.modules if modules is None or m.id in modules]
    return [course.page(pid) for m in wanted for pid in m.pages]


def slot_ids(pages: Iterable[resolved.Page]) -> list[str]:
    """Every ``page/question`` the learner can answer: a question on two pages is two slots."""
    return list(dict.fromkeys(f"{p.id}/{q}" for p in pages for q in p.questions))


def worst_case_state_size(course: resolved.Course, modules: Sequence[str] | None = None) -> int:
    """The longest state string the player can save for ``course``: every page visited, every
    question answered, every assessment attempted.

    ``modules`` limits it to one view's modules (a SCO per module saves its own state); the
    default, the whole course, is an upper bound for every view.
    """
    pages = pages_of(course, modules)
    assessments = sum(1 for p in pages if p.kind == "assessment")
    answers = sum(_answers(course, p) for p in pages)
    return (
        HEADER
        + len(course.version)
        + CURRENT
        + SEPARATORS
        + KEY_WIDTH * len(pages)
        + answers
        + ASSESSMENT * assessments
        + LEARNER
    )


def _answers(course: resolved.Course, page: resolved.Page) -> int:
    """The most characters the answers of one page can take: every question a page always asks,
    and from each pool entry the ``count`` widest candidates (an attempt answers only its draw)."""
    width = {qid: answer_width(course.questions[qid]) for qid in dict.fromkeys(page.questions)}
    pooled = {qid for d in page.pool for qid in d.candidates}
    drawn = (sorted((width[q] for q in d.candidates), reverse=True)[: d.count] for d in page.pool)
    return sum(w for q, w in width.items() if q not in pooled) + sum(map(sum, drawn))


def key_collisions(course: resolved.Course) -> list[tuple[str, str]]:
    """Pairs of page ids (or of slot ids) that share a key; the player restores neither of them.

    Keys have 36^5 values, so this is rare (about 1 in 1,000 for a 300-question course); a
    packager can warn, and renaming either id fixes it.
    """
    return _collisions(p.id for p in course.pages) + _collisions(slot_ids(course.pages))


def _collisions(ids: Iterable[str]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for id_ in ids:
        key = id_key(id_)
        if key in seen:
            found.append((seen[key], id_))
        else:
            seen[key] = id_
    return found
