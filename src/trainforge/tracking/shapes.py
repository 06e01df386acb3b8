"""Interaction shapes: how LMSs and LRSs see a question (SCORM 1.2 and xAPI type, keys, patterns).

Each question type says its own shape (``QuestionType.interaction`` in ``questions/<type>.py``),
built from the pieces here. SCORM 1.2 responses name every id by one
character (``keys``, by position in its authored list); the adapter writes a learner's response
through the same key tables, so the pattern and the response can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainforge.resolve import resolved
from trainforge.tracking.ids import keys

# SCORM 1.2 RTE 3.4.2.7: patterns and responses are CMIFeedback (≤ 255 characters); entries
# are joined by ',' and the parts of a matching or performance entry by '.'.
FEEDBACK_MAX = 255
# xAPI Data §2.4.4.1.2 (the SCORM 2004 syntax): entries joined by [,], parts by [.].
SEP, PAIR = "[,]", "[.]"


@dataclass(frozen=True)
class Component:
    """An xAPI interaction component: an id and its Markdown (inline) text."""

    id: str
    text: str


@dataclass(frozen=True)
class Shape:
    """How one question is reported. ``keys`` holds one table per part of a response entry as
    the core reports it (``detail.response``, docs/runtime.md): the option, or a matching pair's
    source then target, or a scenario's ``<step>.<choice>`` entry."""

    scorm_type: str
    xapi_type: str
    keys: tuple[dict[str, str], ...]
    scorm_pattern: str
    xapi_pattern: tuple[str, ...]
    components: tuple[tuple[str, tuple[Component, ...]], ...] = ()  # by tincan.xsd list name
    is_set: bool = False  # a choice: the response is written sorted, as the pattern is


def cap(entries: Sequence[str]) -> str:
    """Entries joined by ',', at most FEEDBACK_MAX characters, cut after a whole entry."""
    text = ",".join(entries)
    return text if len(text) <= FEEDBACK_MAX else text[: text.rfind(",", 0, FEEDBACK_MAX + 1)]


def _components(options: Iterable[resolved.Option]) -> tuple[Component, ...]:
    return tuple(Component(o.id, o.text) for o in options)


def choice(options: Sequence[resolved.Option]) -> Shape:
    """A set of options: single and multiple choice, a moderation decision, a scenario step."""
    table = keys([o.id for o in options])
    right = [o.id for o in options if o.correct]
    chars = sorted(table.get(i, "") for i in right)
    pattern = "{" + ",".join(chars) + "}" if len(chars) > 1 else ",".join(chars)
    return Shape("choice", "choice", (table,), pattern, (SEP.join(right),),
                 (("choices", _components(options)),), is_set=True)


def components(options: Iterable[resolved.Option]) -> tuple[Component, ...]:
    """The xAPI components of a list of options (or items, sources, targets)."""
    return _components(options)
