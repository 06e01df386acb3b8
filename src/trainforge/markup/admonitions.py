"""``::: note|tip|warning [Title]`` blocks rendered as labelled asides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import escape
from mdit_py_plugins.container import container_plugin

ADMONITIONS = ("note", "tip", "warning")


def admonitions_plugin(md: MarkdownIt) -> None:
    """One container rule for every kind: block rules run at every line, so one, not three."""
    container_plugin(md, "admonition", validate=_is_admonition, render=_render)


def _is_admonition(params: str, markup: str) -> bool:
    return params.strip().partition(" ")[0] in ADMONITIONS


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
    strings: dict[str, str] = env.get("strings", {})
    label = title or strings.get(f"admonition_{kind}", kind.title())
    return (
        f'<aside class="tf-admonition tf-{kind}" aria-label="{escape(label)}">'
        f'<p class="tf-admonition-title">{escape(label)}</p><div class="tf-admonition-body">\n'
    )
