"""QUESTION TYPES: one module per type, registered by name.

A type module owns everything about its type in Python: its source model (what authors write,
a pydantic model), its conversion to the resolved course (with its own checks, returned as
diagnostics), its player data (what the JS runtime grades and tracks), its saved-state width,
its ``inspect --json`` entry and the template partial it renders with. Everything else (the
resolver, the renderer, ``runtime.statesize``, ``inspect``) asks the registry:
``questions.get(q.type)``.

To add a type ``foo``:

1. ``questions/foo.py``: a pydantic model with ``type: Literal["foo"]`` (built on
   ``model.question_parts``), a frozen dataclass over ``resolve.resolved.QuestionBase`` with its
   own fields (or reuse an existing one), and a :class:`QuestionType` subclass implementing
   ``convert`` (and overriding ``extra_data``/``state_parts``/``inspect_extra``/``view`` as the
   type needs), ending with ``register(FooType())``;
2. nothing else in Python: the registry imports every module of this package (those in
   :data:`registry.BUILTIN` first, the order of the JSON Schema, then the others by name);
3. its template partial, ``themes/default/templates/questions/foo.html`` (macro ``question``);
4. its JS module (runtime/types/foo.js) and tests (tests/questions/test_foo.py).

``trainforge schema --out schemas`` then regenerates the question bank schema.
"""

from __future__ import annotations

from trainforge.questions.registry import (
    Context,
    Json,
    PlayerText,
    QuestionType,
    Source,
    ViewHelpers,
    all_types,
    get,
    register,
)

# isort: split
# Then the model package: it builds the bank's union from the registry, which imports the type
# modules (they use the names above), so a type module imported directly finds it complete.
import trainforge.model  # noqa: F401

__all__ = ["Context", "Json", "PlayerText", "QuestionType", "Source", "ViewHelpers", "all_types",
           "get", "register"]
