"""The one markdown-it factory: CommonMark + tables + our directives, all as plugins."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from trainforge.markup.admonitions import ADMONITIONS, admonitions_plugin
from trainforge.markup.directives import directives_plugin
from trainforge.markup.links import links_plugin
from trainforge.markup.rawhtml import rawhtml_plugin

__all__ = ["ADMONITIONS", "markdown"]


@cache
def markdown() -> MarkdownIt:
    """The shared parser; html=True only so raw HTML becomes tokens we can report and escape."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(admonitions_plugin)
    md.use(directives_plugin)
    md.use(links_plugin)
    md.use(rawhtml_plugin)
    return md
