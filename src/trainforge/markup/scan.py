"""Collect what Markdown refers to (images, links, directives, raw HTML) with source lines."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from trainforge.markup.admonitions import ADMONITIONS, admonition_title
from trainforge.markup.directives import parse_directive
from trainforge.markup.links import is_local


@dataclass(frozen=True)
class Reference:
    # image | link | question | video | captions | raw-html | directive | container |
    # unclosed-container | unsafe-link | container-in-text
    kind: str
    target: str
    line: int  # 0-based line within the Markdown body
    alt: str = ""
    options: dict[str, str] = field(default_factory=dict)  # a directive's key: value lines


def scan(tokens: Sequence[Token]) -> Iterator[Reference]:
    """Every reference in ``tokens``, in document order."""
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        if token.type == "fence":
            directive = parse_directive(token)
            if directive is None:
                continue
            if directive.name == "question":
                yield Reference("question", directive.argument, line)
            elif directive.name == "sample":
                yield Reference("sample", directive.argument, line, options=directive.options)
            elif directive.name == "video":
                yield Reference("video", directive.argument, line)
                yield Reference("captions", directive.options.get("captions", ""), line)
            else:
                yield Reference("directive", directive.name, line)
        elif token.type == "container_admonition_open":
            kind = admonition_title(token.info)[0]
            if kind not in ADMONITIONS:
                yield Reference("container", kind, line)
            if kind and not token.meta.get("closed"):  # a stray `:::` is reported as unknown
                yield Reference("unclosed-container", kind, line)
        elif token.type == "html_block":
            yield Reference("raw-html", token.content.strip(), line)
        elif token.type == "inline":
            yield from _inline(token.children or [], line)


def scan_inline(md: MarkdownIt, text: str) -> Iterator[Reference]:
    """Every reference in a one-paragraph text (a question prompt, option, feedback…).

    Such text is rendered inline: a ``:::`` line there is no box but literal text, so it is
    reported as such (``container-in-text``) rather than silently shown.
    """
    for line, content in enumerate(text.split("\n")):
        if content.lstrip().startswith(":::"):
            yield Reference("container-in-text", content.strip(), line)
    yield from scan(md.parseInline(text))


def _inline(children: Sequence[Token], line: int) -> Iterator[Reference]:
    for child in children:
        if child.type == "image":
            alt = "".join(c.content for c in child.children or []) or child.content
            yield Reference("image", str(child.attrGet("src") or ""), line, alt.strip())
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if is_local(href):
                yield Reference("link", href, line)
        elif child.type in ("unsafe_link_open", "unsafe_image"):
            yield Reference("unsafe-link", str(child.meta["unsafe"]), line)
        elif child.type == "html_inline":
            yield Reference("raw-html", child.content, line)
        elif child.type == "softbreak":
            line += 1
