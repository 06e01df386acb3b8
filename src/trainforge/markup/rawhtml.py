"""Raw HTML in Markdown is never passed through: it is rendered as visible, escaped text.

The parser keeps ``html=True`` so raw HTML becomes tokens that resolve can report
(``markup.raw-html``); these rules make sure none of it reaches a page as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import escape


def rawhtml_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("html_block", _block)
    md.add_render_rule("html_inline", _inline)


def _block(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    return f"<p>{escape(tokens[idx].content.rstrip())}</p>\n"


def _inline(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    return str(escape(tokens[idx].content))
