"""The JavaScript shipped inside packages: a core player, the question types and features a
course uses, and one adapter per standard.

The core decides *what* to report (page viewed, question answered, course finished); an adapter
decides *how* (localStorage, SCORM 1.2 API, xAPI statements). Packagers pick the adapter.
Question types (``types/<type>.js``) and optional features (``features/<name>.js``) register
with the core; a package's ``tf-core.js`` is the core plus those its course uses, concatenated in
a fixed order (docs/runtime.md "Extending the player").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from trainforge.resolve import resolved
from trainforge.runtime.compact import compact_css, compact_js

CORE = "tf-core.js"
TRACKING = "tf-tracking.js"  # the adapter, under one name so the page never changes per format
TYPES_CSS = "tf-types.css"  # the question types' own styles (types/<type>.css), when used

# A part names what it builds on in its first lines: `// uses: shared/choices.js`.
_USES = re.compile(r"^// uses: (.+)$", re.M)


def _root() -> Traversable:
    return resources.files("trainforge") / "runtime"


@cache
def core_js(types: tuple[str, ...] | None = None, features: tuple[str, ...] | None = None) -> bytes:
    """``tf-core.js`` as packages ship it: the core, then the shared helpers, question types and
    features asked for (None: all there are), each group in name order, compacted.

    The order is fixed whatever the caller's order, so the same course always ships the same
    bytes; a helper comes before every part that uses it.
    """
    wanted = [f"types/{t}.js" for t in sorted(set(_names("types") if types is None else types))]
    wanted += [f"features/{f}.js"
               for f in sorted(set(_names("features") if features is None else features))]
    shared = sorted({dep for path in wanted for dep in _uses(path)})
    files = ["core.js", *shared, *wanted]
    return compact_js(b"\n".join(_read(path) for path in files))


@cache
def adapter_js(name: str) -> bytes:
    """The adapter script of a tracking standard (``local``, ``scorm12``, ``xapi``), compacted."""
    return compact_js(_read(f"adapters/{name}.js"))


def core_js_for(course: resolved.Course) -> bytes:
    """The ``tf-core.js`` ``course`` needs (see :func:`used_parts`)."""
    types, features = used_parts(course)
    return core_js(types, features)


def types_css(types: Iterable[str], folder: Traversable | None = None) -> bytes:
    """``tf-types.css``: the stylesheets of those of ``types`` that have one
    (``types/<type>.css``, or in ``folder``), in name order; empty when none has.

    A question type styles its own markup beside its script, so the theme's ``tf.css`` needs no
    edit for a new type and a course ships only the styles of the types it asks.
    """
    root = _root() / "types" if folder is None else folder
    sheets = [root / f"{name}.css" for name in sorted(set(types))]
    return b"".join(compact_css(sheet.read_bytes()) for sheet in sheets if sheet.is_file())


def used_parts(course: resolved.Course) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The question types and the optional features the player needs for ``course``.

    Decided over every page (the site is rendered once for all its views): the types of the
    questions pages ask; ``draw`` for a pooled or shuffled assessment, ``shuffle`` for a question
    with shuffled options, ``attestation`` when the course ends with one, ``sensitive`` for a
    sample behind a warning (a lesson's, or a question's), ``what_changed`` for a generated
    "What changed" page.
    """
    asked = [course.questions[qid] for p in course.pages for qid in p.questions]
    samples = [*(s for p in course.pages for s in p.samples),
               *(q.sample for q in asked if q.sample is not None)]
    features = {
        "draw": any(p.pool or p.shuffle for p in course.pages),
        "shuffle": any(q.shuffle for q in asked),
        "attestation": course.attestation is not None,
        "sensitive": any(s.sensitive and not s.stripped for s in samples),
        "what_changed": any(p.changes for p in course.pages),
    }
    used = tuple(sorted(name for name, needed in features.items() if needed))
    return tuple(sorted({q.type for q in asked})), used


def _names(folder: str) -> tuple[str, ...]:
    return tuple(sorted(p.name[:-3] for p in (_root() / folder).iterdir()
                        if p.name.endswith(".js")))


def _uses(path: str) -> Iterable[str]:
    match = _USES.search(_read(path).decode("utf-8"))
    return [dep.strip() for dep in match.group(1).split(",")] if match else []


def _read(path: str) -> bytes:
    try:
        return (_root() / path).read_bytes()
    except FileNotFoundError:
        raise ValueError(f"the player has no script {path!r}") from None
