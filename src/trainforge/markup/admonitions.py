"""``::: note|tip|warning [Title]`` blocks rendered as labelled asides.

Every ``:::`` line opens a box, whatever its kind, so that resolve can report an unknown kind
(``markup.unknown-container``) and a box never closed (``markup.unclosed-container``) instead of
the text showing literally or the rest of the lesson vanishing into the box.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import escape
from mdit_py_plugins.container import container_plugin

ADMONITIONS = ("note", "tip", "warning")


def admonitions_plugin(md: MarkdownIt) -> None:
    """One container rule for every kind: block rules run at every line, so one, not three."""
    container_plugin(md, "admonition", validate=_any_kind, render=_render)
    md.core.ruler.after("block", "admonition_closed", _mark_closed)


def _any_kind(params: str, markup: str) -> bool:
    return True


def _mark_closed(state: StateCore) -> None:
    """Set ``meta["closed"]`` on each box whose closing ``:::`` line is there.

    The container rule ends an unclosed box at the end of the document (or of its parent), so the
    line its ``map`` ends on is then not a closing marker.
    """
    lines = state.src.split("\n")
    for token in state.tokens:
        if token.type == "container_admonition_open" and token.map:
            end = token.map[1]
            closing = lines[end].strip() if end < len(lines) else ""
            token.meta["closed"] = closing.startswith(token.markup) and not closing.strip(":")


def admonition_title(info: str) -> tuple[str, str]:
    """``"warning Graphic content"`` → (``warning``, ``Graphic content``)."""
    kind, _, title = info.strip().partition(" ")
    return kind, title.strip()


def _render(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div></aside>\n"
    kind, title = admonition_title(token.info)
    kind = kind if kind in ADMONITIONS else "note"  # reported by resolve; never built
    strings: dict[str, str] = env.get("strings", {})
    label = title or strings.get(f"admonition_{kind}", kind.title())
    return (
        f'<aside class="tf-admonition tf-{kind}" aria-label="{escape(label)}">'
        f'<p class="tf-admonition-title">{escape(label)}</p><div class="tf-admonition-body">\n'
    )
