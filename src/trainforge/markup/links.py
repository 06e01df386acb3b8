"""Images and links: source paths become package URLs through the ``env`` render context.

``env["asset_url"](path)`` maps a lesson-relative media path to its content-hashed URL;
``env["page_href"](path)`` maps a link to another lesson file to that page's in-course anchor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import escape


def is_external(href: str) -> bool:
    return href.startswith(("http://", "https://", "mailto:"))


def is_local(href: str) -> bool:
    """A link to another file of the course (not external, not a bare fragment)."""
    return bool(href) and not is_external(href) and not href.startswith("#") and ":" not in href


def _own_copy(tokens: Sequence[Token], idx: int) -> tuple[list[Token], Token]:
    """The tokens with a private copy of ``tokens[idx]``: parsed tokens are shared (memoised
    parse), so rendering must never change them."""
    token = tokens[idx].copy(attrs=dict(tokens[idx].attrs))
    patched = list(tokens)
    patched[idx] = token
    return patched, token


def links_plugin(md: MarkdownIt) -> None:
    # markdown-it drops a link with an unsafe target (javascript:, vbscript:, file:, data:) back
    # to text without a trace; we parse it as a link, then mark it so that resolve can report it
    # (markup.unsafe-link) and the renderers below show only its text.
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.core.ruler.push("unsafe_links", _mark_unsafe)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("unsafe_link_open", _nothing)
    md.add_render_rule("unsafe_link_close", _nothing)
    md.add_render_rule("unsafe_image", _unsafe_image)


def _any_link(url: str) -> bool:
    return True


def _mark_unsafe(state: StateCore) -> None:
    """Retype links and images whose target markdown-it's own check refuses; drop the target."""
    for block in state.tokens:
        closing = False
        for child in block.children or ():
            attr = "src" if child.type == "image" else "href"
            url = str(child.attrGet(attr) or "")
            if child.type in ("link_open", "image") and not validateLink(url):
                child.type = "unsafe_image" if child.type == "image" else "unsafe_link_open"
                child.meta["unsafe"] = url
                del child.attrs[attr]
                closing = child.type == "unsafe_link_open"
            elif child.type == "link_close" and closing:
                child.type, closing = "unsafe_link_close", False


def _nothing(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    return ""


def _unsafe_image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    return str(escape(self.renderInlineAsText(tokens[idx].children or [], options, env)))


def _image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    tokens, token = _own_copy(tokens, idx)
    src = str(token.attrGet("src") or "")
    if is_local(src):  # text in YAML files has no base for paths: resolve refuses them there
        token.attrSet("src", env["asset_url"](src) if "asset_url" in env else "")
    token.attrSet("loading", "lazy")
    return str(self.image(tokens, idx, options, env))


def _link_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    tokens, token = _own_copy(tokens, idx)
    href = str(token.attrGet("href") or "")
    if is_local(href):
        token.attrSet("href", env["page_href"](href) if "page_href" in env else "#")
    elif is_external(href):
        # Inside an LMS frame an external page must not replace the course.
        token.attrSet("target", "_blank")
        token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))
