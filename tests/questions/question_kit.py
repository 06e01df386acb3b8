"""One bank question through its type's plugin: YAML → model → resolved, player data, view.

The YAML is parsed by the real loader (so problems carry real line:column locations), the
policy registry is the real one over the policy fixture's ``hb`` policy.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from policy_fixture import POLICY

from trainforge import questions
from trainforge.errors import Location
from trainforge.load.yamlfile import parse_yaml
from trainforge.markup import markdown
from trainforge.pipeline import load_registry
from trainforge.render.site import plain_text
from trainforge.render.theme import load_theme
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry

BANK = "questions/bank.yaml"


@functools.cache
def hb_registry(folder: Path) -> Registry:
    (folder / "hb.yaml").write_text(POLICY)
    registry, problems = load_registry(folder)
    assert problems == []
    return registry


@dataclass
class Course:
    """The context a conversion reads: a policy registry, and the course's media files."""

    registry: Registry = field(default_factory=Registry)
    media: frozenset[str] = frozenset()
    asked: list[str] = field(default_factory=list)

    def asset(self, base: str, target: str, loc: Location, kind: str) -> str | None:
        self.asked.append(target)
        return target if target in self.media else None


def convert(source: str, ctx: Course | None = None) -> tuple[Any, list[str]]:
    """The resolved question of one question written as YAML, and its problems as text."""
    doc, problems = parse_yaml(textwrap.dedent(source), BANK)
    assert doc is not None and problems == []
    plugin = questions.get(doc.data["type"])
    q = plugin.model.model_validate(doc.data)
    out, found = plugin.convert(q, questions.Source(doc, BANK, (), ()), ctx or Course())
    return out, [str(d) for d in found]


def player_data(q: resolved.Question) -> dict[str, Any]:
    md = markdown()
    text = questions.PlayerText(lambda s: plain_text(md.renderInline(s)),
                                load_theme().ui("en"))
    return questions.get(q.type).player_data(q, text)


class Html:
    """The view helpers, as the renderer's, minus the Markdown: texts pass through."""

    def inline(self, text: str) -> Markup:
        return Markup(text)

    def option(self, o: resolved.Option) -> dict[str, Any]:
        return {"id": o.id}


def view(q: resolved.Question) -> dict[str, Any]:
    return questions.get(q.type).view(q, Html())
