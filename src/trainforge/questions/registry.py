"""The registry of question types, and the base every type's plugin builds on.

A plugin is a :class:`QuestionType` subclass in its own module (``questions/<name>.py``) that
calls :func:`register` when imported. Every module of the package is imported on first use:
those :data:`BUILTIN` names first, in its order, then the others by name, so a new type needs no
edit here. The base class implements what most types share: the common resolved fields, player data,
the ``inspect --json`` entry and the template view; a type overrides the parts it adds.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from trainforge.errors import Diagnostic, Location
from trainforge.resolve import resolved
from trainforge.resolve.samples import Media
from trainforge.tracking.shapes import Shape, choice

if TYPE_CHECKING:
    from markupsafe import Markup

    from trainforge.load.yamlfile import PathKey, YamlDoc
    from trainforge.model.question_parts import QuestionSource
    from trainforge.resolve.registry import Registry

#: The first types, in the order of the question bank's JSON Schema; a module found beside them
#: comes after these (by name), so the schema of the existing types never changes.
BUILTIN = ("single_choice", "multiple_response", "true_false", "matching", "ordering",
           "moderation_decision", "scenario")

# Not imported at run time: the models import this registry to assemble the bank's union.
S = TypeVar("S", bound="QuestionSource")
R = TypeVar("R", bound=resolved.QuestionBase)
Json = dict[str, Any]


class Context(Media, Protocol):
    """What a conversion reads of the course being resolved: the policies and its media."""

    registry: Registry


@dataclass(frozen=True)
class Source:
    """Where a bank question is written, for the locations of its problems."""

    doc: YamlDoc
    rel: str  # the bank's path in the course folder: its media paths are relative to it
    at: PathKey  # the question's path in the bank
    cites: tuple[str, ...]  # its citations, already checked (clause ids)

    def where(self, *path: str | int) -> Location:
        return self.doc.location((*self.at, *path))


@dataclass(frozen=True)
class PlayerText:
    """How player data writes text: plain text for LMS and LRS reports."""

    plain: Callable[[str], str]  # inline Markdown → plain text
    strings: Mapping[str, Any]  # UI strings (the label of an option without text)

    def option(self, o: resolved.Option) -> str:
        return self.plain(o.text) if o.text else self.strings[f"option_{o.id}"]


class ViewHelpers(Protocol):
    """What a template view is made with (the renderer's)."""

    def inline(self, text: str) -> Markup: ...

    def option(self, o: resolved.Option) -> Json: ...


class QuestionType(Generic[S, R]):
    """One question type; subclasses set the class attributes and implement :meth:`convert`."""

    name: ClassVar[str]
    model: ClassVar[type[QuestionSource]]  # the source model, ``type: Literal[name]``
    partial: ClassVar[str]  # its template, with a ``question(q, mode, strings)`` macro

    def convert(self, q: S, src: Source, ctx: Context) -> tuple[R, list[Diagnostic]]:
        """The resolved question, and the problems its own checks found."""
        raise NotImplementedError

    def common(self, q: QuestionSource, src: Source) -> Json:
        """The fields of ``resolved.QuestionBase`` every type fills the same way."""
        return {"id": q.id, "type": self.name, "prompt": q.prompt, "points": q.points,
                "objectives": tuple(q.objectives), "location": src.where("id"),
                "cites": src.cites}

    # -- player data (render) ------------------------------------------------------------------
    def player_data(self, q: R, text: PlayerText) -> Json:
        """What the runtime grades and tracks of ``q`` (``TF.data.questions[id]``)."""
        data: Json = {
            "type": q.type, "points": q.points, "objectives": list(q.objectives),
            "clauses": list(q.cites), "policy": q.policy, "text": text.plain(q.prompt),
            "options": [self.option_data(o, text) for o in q.options],
        }
        if q.sample is not None:
            data["sensitive"] = q.sample.sensitive
        if q.shuffle:
            data["shuffle"] = q.shuffle
        return data | self.extra_data(q, text)

    def option_data(self, o: resolved.Option, text: PlayerText) -> Json:
        data: Json = {"id": o.id, "correct": o.correct, "text": text.option(o)}
        if o.group:
            data["group"] = o.group
        return data

    def extra_data(self, q: R, text: PlayerText) -> Json:
        """The type's own player data."""
        return {}

    # -- saved state (runtime/statesize.py) ----------------------------------------------------
    def state_parts(self, q: R) -> tuple[int, ...] | None:
        """How many values each saved position of an answer takes, or None: the answer is a
        choice record (one bit per option)."""
        return None

    # -- inspect --json ------------------------------------------------------------------------
    def inspect(self, q: R) -> list[Json]:
        """The entries of ``q`` in ``inspect --json``'s ``questions`` (one, unless the type
        shows parts of it as questions of their own)."""
        entry: Json = {"id": q.id, "type": q.type, "points": q.points,
                       "objectives": list(q.objectives), "clauses": list(q.cites),
                       "options": [_inspect_option(o) for o in q.options]}
        entry.update(self.inspect_extra(q))
        if q.sample is not None:
            entry["sensitive"] = q.sample.sensitive
        return [entry]

    def inspect_extra(self, q: R) -> Json:
        return {}

    # -- tracking (tracking/config.py, package/xapi_activities.py) ----------------------------
    def interaction(self, q: R) -> Shape:
        """How LMSs and LRSs see ``q``: by default a choice among its options."""
        return choice(q.options)

    # -- template view (render) ----------------------------------------------------------------
    def view(self, q: R, html: ViewHelpers) -> Json:
        """The type's own values for its template partial, beside the common ones."""
        return {}


def _inspect_option(o: resolved.Option) -> Json:
    entry: Json = {"id": o.id, "correct": o.correct}
    if o.group:
        entry["group"] = o.group
    return entry


_TYPES: dict[str, QuestionType[Any, Any]] = {}
_loaded = False


def register(plugin: QuestionType[Any, Any]) -> None:
    """Make ``plugin`` the type of its name (a later registration replaces an earlier one)."""
    _TYPES[plugin.name] = plugin


def _load() -> None:
    global _loaded
    if _loaded:
        return
    found = {m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])}
    for name in (*BUILTIN, *sorted(found - {*BUILTIN, "registry"})):
        importlib.import_module(f"trainforge.questions.{name}")
    _loaded = True


def get(name: str) -> QuestionType[Any, Any]:
    """The plugin of type ``name`` (validation admits only registered names)."""
    _load()
    return _TYPES[name]


def all_types() -> list[QuestionType[Any, Any]]:
    """Every type: those of :data:`BUILTIN` in its order, then the others by name."""
    _load()
    return sorted(_TYPES.values(), key=lambda t: (t.name not in BUILTIN,
                                                 BUILTIN.index(t.name) if t.name in BUILTIN
                                                 else 0, t.name))
