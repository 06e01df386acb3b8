"""Markup mistakes → located diagnostics, for lessons and for Markdown text in YAML files.

Lessons are scanned by resolve line by line; a text field of a question bank or course.yaml is
located at its YAML value (the loader keeps each node's line and column). Prompts, options and
feedback are rendered inline (no boxes, no directives); an assessment's ``intro``, the course
``description`` and a sample's ``description`` are whole Markdown documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from pydantic import BaseModel

from trainforge.errors import Diagnostic, Location, error, suggest, warning
from trainforge.load.yamlfile import PathKey
from trainforge.markup import ADMONITIONS, markdown
from trainforge.markup.links import is_local
from trainforge.markup.scan import Reference, scan, scan_inline

# Model fields (= YAML keys) that hold inline Markdown; ``description`` holds a document.
INLINE_FIELDS = frozenset({"prompt", "text", "feedback", "true", "false", "correct", "incorrect"})
BLOCK_FIELDS = frozenset({"description"})


def problem(ref: Reference, loc: Location, place: str = "lessons", rest: str = "the lesson"
            ) -> Diagnostic | None:
    """The diagnostic for a markup mistake ``ref`` found in ``place``, or None if it is none."""
    if ref.kind == "raw-html":
        snippet = " ".join(ref.target.split())[:40]
        return warning("markup.raw-html", f"raw HTML `{snippet}` is not allowed in {place}; it "
                       "is shown as text", loc, "use Markdown instead")
    if ref.kind == "container":
        return _unknown_container(ref, loc)
    if ref.kind == "unclosed-container":
        return error("markup.unclosed-container", f"`::: {ref.target}` is never closed, so the "
                     f"rest of {rest} would be inside it", loc, "end the box with a line `:::`")
    if ref.kind == "container-in-text":
        return warning("markup.container-in-text", f"`{ref.target[:40]}`: a box cannot be used "
                       "in this text; it is shown as text", loc, "prompts, options, feedback and "
                       "sample text take inline Markdown only (emphasis, code, links)")
    if ref.kind == "unsafe-link":
        target = ref.target if len(ref.target) <= 40 else ref.target[:39] + "…"
        return warning("markup.unsafe-link", f"link target `{target}` is not allowed; the link "
                       "is shown as text", loc, "link to an http(s) page, a mailto: address, a "
                       "lesson or a media file")
    return None


def _unknown_container(ref: Reference, loc: Location) -> Diagnostic:
    known = f"known: {', '.join(ADMONITIONS)}"
    if not ref.target:
        return error("markup.unknown-container", "`:::` line opens no known box", loc,
                     f"a box starts with `::: note` and ends with `:::`; {known}")
    close = suggest(ref.target, ADMONITIONS)
    return error("markup.unknown-container", f"unknown box `::: {ref.target}`", loc,
                 f"{close} {known}" if close else known)


def check_text(text: str, loc: Location, *, block: bool) -> list[Diagnostic]:
    """The markup mistakes of one text field, all located at the field."""
    refs = scan(markdown().parse(text)) if block else scan_inline(markdown(), text)
    found = (_path(r, loc) if r.kind in ("image", "link") else
             problem(r, loc, "Markdown text", "the text") for r in refs)
    return [d for d in found if d is not None]


def _path(ref: Reference, loc: Location) -> Diagnostic:
    """A lesson or media path in YAML text: it has no file to be relative to, so it is refused."""
    what = "image" if ref.kind == "image" else "link"
    if not is_local(ref.target):
        return error("asset.external", f"`{ref.target}` is not a file of the course; packages "
                     "must be self-contained", loc)
    return error("markup.path-in-text", f"{what} `{ref.target}` cannot be used in this text; "
                 "paths to lessons and media work in lessons only", loc,
                 "show media with a `sample`" if what == "image" else "link from a lesson")


def check_fields(model: BaseModel, at: PathKey, where: Callable[[PathKey], Location]
                 ) -> list[Diagnostic]:
    """The markup mistakes of every Markdown text field of ``model`` (a question or sample at
    ``at``), each located by ``where`` (a YAML document's ``location``)."""
    problems: list[Diagnostic] = []
    for path, text, block in _texts(model, at):
        problems.extend(check_text(text, where(path), block=block))
    return problems


def _texts(value: object, path: PathKey) -> Iterator[tuple[PathKey, str, bool]]:
    """``(path, text, is_block)`` of each Markdown field in ``value``, depth first."""
    items: Iterable[tuple[str | int, object]]
    if isinstance(value, BaseModel):
        items = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        if isinstance(item, str):
            if key in INLINE_FIELDS or key in BLOCK_FIELDS:
                yield (*path, key), item, key in BLOCK_FIELDS
        else:
            yield from _texts(item, (*path, key))

