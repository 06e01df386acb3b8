"""The one markdown-it factory: CommonMark + tables + our directives, all as plugins."""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType

from trainforge.markup.admonitions import ADMONITIONS, admonitions_plugin
from trainforge.markup.directives import directives_plugin
from trainforge.markup.links import links_plugin
from trainforge.markup.rawhtml import rawhtml_plugin

__all__ = ["ADMONITIONS", "markdown"]


# Every character that can start inline syntax in our rule set (CommonMark inline rules plus
# strikethrough; our plugins add block rules and renderers only), and what input normalisation
# rewrites. Text without any of them renders as itself, HTML-escaped.
_INLINE_SYNTAX = frozenset("\\`*_~[]!<>&\n\r\0")
_MEMO_LIMIT = 100_000


_PARSED_LIMIT = 256  # documents; a course's lessons are parsed by resolve, then by render


class _Markdown(MarkdownIt):
    """MarkdownIt that parses a document once and renders context-free inline text once.

    Resolve scans a lesson's tokens and render renders them: the second parse is a lookup
    (parsing depends on the source alone; renderers never change tokens, see links.py). The
    same prompt, option and feedback texts are rendered for the page, the runtime data and each
    format's descriptors; plain text (most of it) skips the parser altogether.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inline: dict[str, str] = {}
        self._parsed: dict[str, tuple[list[Token], dict[str, Any]]] = {}

    def parse(self, src: str, env: EnvType | None = None) -> list[Token]:
        hit = self._parsed.get(src)
        if hit is None:
            found: dict[str, Any] = {}  # what parsing records, e.g. link reference definitions
            hit = (super().parse(src, found), found)
            if len(self._parsed) >= _PARSED_LIMIT:
                self._parsed.clear()
            self._parsed[src] = hit
        if env is not None:
            for key, value in hit[1].items():
                env.setdefault(key, value)
        return hit[0]

    def renderInline(self, src: str, env: MutableMapping[str, Any] | None = None) -> str:
        if env is not None:
            return str(super().renderInline(src, env))
        html = self._inline.get(src)
        if html is None:
            if _INLINE_SYNTAX.isdisjoint(src):
                html = escapeHtml(src)
            else:
                html = str(super().renderInline(src))
            if len(self._inline) >= _MEMO_LIMIT:
                self._inline.clear()
            self._inline[src] = html
        return html


def _plain_inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, except that text without inline syntax (headings,
    table cells, plain sentences) becomes its one text token without running the inline parser."""
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if not _INLINE_SYNTAX.isdisjoint(token.content):
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        elif token.content:
            token.children.append(Token("text", "", 0, content=token.content))


def configured(md: MarkdownIt) -> MarkdownIt:
    """Our rule set on ``md``: CommonMark + tables + strikethrough + our plugins."""
    md.enable(["table", "strikethrough"])
    md.use(admonitions_plugin)
    md.use(directives_plugin)
    md.use(links_plugin)
    md.use(rawhtml_plugin)
    return md


OPTIONS = {"html": True, "linkify": False, "typographer": False}


@cache
def markdown() -> MarkdownIt:
    """The shared parser; html=True only so raw HTML becomes tokens we can report and escape."""
    md = configured(_Markdown("commonmark", OPTIONS))
    md.core.ruler.at("inline", _plain_inline)
    return md
