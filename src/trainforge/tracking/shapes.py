"""The interaction shape of each question type: SCORM 1.2 and xAPI type, keys, patterns, parts.

One small function per type, registered by type name in ``SHAPES``: each reads the resolved
question's fields and says how LMSs and LRSs see it. SCORM 1.2 responses name every id by one
character (``keys``, by position in its authored list); the adapter writes a learner's response
through the same key tables, so the pattern and the response can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from trainforge.resolve import resolved
from trainforge.tracking.ids import TRUE_FALSE, keys

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


def _choice_question(q: resolved.Question) -> Shape:
    return choice(q.options)


def _true_false(q: resolved.Question) -> Shape:
    table = {o.id: TRUE_FALSE.get(o.id, "f") for o in q.options}
    right = [o.id for o in q.options if o.correct]
    return Shape("true-false", "true-false", (table,), ",".join(table.get(i, "f") for i in right),
                 tuple(right))


def _matching(q: resolved.Question) -> Shape:
    sources, targets = keys([o.id for o in q.sources]), keys([o.id for o in q.targets])
    pattern = cap([f"{sources.get(s, '')}.{targets.get(t, '')}" for s, t in q.pairs])
    return Shape("matching", "matching", (sources, targets), pattern,
                 (SEP.join(f"{s}{PAIR}{t}" for s, t in q.pairs),),
                 (("source", _components(q.sources)), ("target", _components(q.targets))))


def _ordering(q: resolved.Question) -> Shape:
    table = keys([o.id for o in q.items])  # items are held in the right order
    return Shape("sequencing", "sequencing", (table,), cap(list(table.values())),
                 (SEP.join(table),), (("choices", _components(q.items)),))


def scenario_entry(step: str, choice_id: str) -> str:
    """One entry of a scenario's path as the core reports it (docs/runtime.md)."""
    return f"{step}.{choice_id}"


def _scenario(q: resolved.Question) -> Shape:
    steps = keys([s.id for s in q.steps])
    table = {
        scenario_entry(s.id, c): f"{steps.get(s.id, '')}.{char}"
        for s in q.steps
        for c, char in keys([o.id for o in s.options]).items()
    }
    path = best_path(q)
    return Shape("performance", "performance", (table,),
                 cap([table.get(scenario_entry(s, c), "") for s, c in path]),
                 (SEP.join(f"{s}{PAIR}{c}" for s, c in path),),
                 (("steps", tuple(Component(s.id, s.prompt) for s in q.steps)),))


def best_path(q: resolved.Question) -> list[tuple[str, str]]:
    """A scenario's best choices from its first step, following each choice's ``next``."""
    steps = {s.id: s for s in q.steps}
    path: list[tuple[str, str]] = []
    step = q.steps[0] if q.steps else None
    while step is not None and len(path) < len(steps):
        best = next((o for o in step.options if o.correct), None)
        if best is None:
            break
        path.append((step.id, best.id))
        step = steps.get(best.next or "")
    return path


SHAPES: dict[str, Callable[[resolved.Question], Shape]] = {
    "single_choice": _choice_question,
    "multiple_response": _choice_question,
    "moderation_decision": _choice_question,  # its actions then its clauses are the options
    "true_false": _true_false,
    "matching": _matching,
    "ordering": _ordering,
    "scenario": _scenario,
}


def shape(q: resolved.Question) -> Shape:
    """The shape of ``q`` by its type (a choice for a type without its own)."""
    return SHAPES.get(q.type, _choice_question)(q)
