"""Fenced directives: ```` ```{question} ID ```` and ```` ```{video} PATH ````.

MyST-style fences keep lessons readable on any Markdown viewer (they show as code blocks)
and need no new block syntax; the body holds ``key: value`` options.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import escape

DIRECTIVE = re.compile(r"^\{([a-z][a-z0-9_-]*)\}\s*(.*)$")
DIRECTIVES = ("question", "sample", "video")


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str
    options: dict[str, str]


def parse_directive(token: Token) -> Directive | None:
    """The directive a fence token holds, or None for an ordinary code block."""
    match = DIRECTIVE.match(token.info.strip())
    if not match:
        return None
    options: dict[str, str] = {}
    for line in token.content.splitlines():
        key, sep, value = line.partition(":")
        if line.strip():
            options[key.strip() if sep else line.strip()] = value.strip() if sep else ""
    return Directive(match.group(1), match.group(2).strip(), options)


def directives_plugin(md: MarkdownIt) -> None:
    fallback = md.renderer.rules["fence"]  # type: ignore[attr-defined]

    def fence(
        self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
    ) -> str:
        directive = parse_directive(tokens[idx])
        if directive is None:
            return str(fallback(tokens, idx, options, env))
        if directive.name == "question":
            return str(env["question_html"](directive.argument)) + "\n"
        if directive.name == "video":
            return _video(directive, env)
        if directive.name == "sample":
            return str(env["sample_html"]()) + "\n"  # samples render in document order
        return ""  # unknown directives are reported by resolve; render nothing

    md.add_render_rule("fence", fence)


def _video(directive: Directive, env: dict[str, Any]) -> str:
    url = env["asset_url"]
    title = directive.options.get("title", "")
    src = escape(url(directive.argument))
    captions = escape(url(directive.options.get("captions", "")))
    lang = escape(env.get("language", "en"))
    label = escape(env.get("strings", {}).get("captions", "Captions"))
    caption = f"<figcaption>{escape(title)}</figcaption>" if title else ""
    # preload=metadata and no autoplay: a learner starts every video deliberately.
    return (
        f'<figure class="tf-video"><video controls preload="metadata" src="{src}"'
        f' aria-label="{escape(title)}"><track kind="captions" src="{captions}"'
        f' srclang="{lang}" label="{label}" default></video>{caption}</figure>\n'
    )
