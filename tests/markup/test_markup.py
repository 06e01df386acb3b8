"""The Markdown plugins, as fixture pairs of input and expected HTML (markdown-it-py's habit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from trainforge.markup import OPTIONS, configured, markdown
from trainforge.markup.scan import scan, scan_inline

CASES = re.findall(r"^## (.+?)\n~~~md\n(.*?)~~~\n~~~html\n(.*?)~~~\n",
                   (Path(__file__).parent / "fixtures.md").read_text(), re.S | re.M)


def env() -> dict[str, object]:
    return {
        "strings": {"admonition_note": "Note", "captions": "Captions"},
        "language": "en",
        "asset_url": lambda p: "media/a.HASH.svg" if p == "../media/a.svg" else "",
        "page_href": lambda p: "#page-next" + ("--part" if p.endswith("#part") else ""),
        "question_html": lambda qid: f"[question {qid}]",
    }


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fixture(name: str, source: str, expected: str) -> None:
    assert markdown().render(source, env()) == expected


def test_fixture_file_has_cases() -> None:
    assert len(CASES) >= 10


def test_scan_reports_references_with_lines() -> None:
    source = "Text\n\n![alt](../media/a.svg)\n\n```{question} q1\n```\n\nx <b>y</b>\n"
    refs = [(r.kind, r.target, r.line) for r in scan(markdown().parse(source))]
    assert refs == [("image", "../media/a.svg", 2), ("question", "q1", 4),
                    ("raw-html", "<b>", 7), ("raw-html", "</b>", 7)]


def test_scan_reports_unknown_and_unclosed_boxes_and_unsafe_links() -> None:
    source = ("::: danger\nx\n:::\n\n:::\n\n[x](javascript:alert(1))\n![a](data:text/html,x)\n\n"
              "::: note\nthe rest\n")
    refs = [(r.kind, r.target, r.line) for r in scan(markdown().parse(source))]
    assert refs == [("container", "danger", 0), ("container", "", 4),
                    ("unsafe-link", "javascript:alert(1)", 6),
                    ("unsafe-link", "data:text/html,x", 7), ("unclosed-container", "note", 9)]


_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&*_`[]()!\\#-|\n:~.1")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_shortcuts_give_the_tokens_of_the_plain_parser(text: str) -> None:
    """The memoised parse and the plain-text inline shortcut change no token, block or inline."""
    plain = configured(MarkdownIt("commonmark", OPTIONS))
    md = markdown()
    assert [t.as_dict() for t in md.parse(text)] == [t.as_dict() for t in plain.parse(text)]
    assert ([t.as_dict() for t in md.parseInline(text)]
            == [t.as_dict() for t in plain.parseInline(text)])
    assert md.renderInline(text) == plain.renderInline(text)


def test_scan_inline_reports_box_lines_as_text_and_unsafe_links() -> None:
    refs = [(r.kind, r.target, r.line)
            for r in scan_inline(markdown(), "::: note\nsee [x](javascript:go()) <b>\n:::")]
    assert refs == [("container-in-text", "::: note", 0), ("container-in-text", ":::", 2),
                    ("unsafe-link", "javascript:go()", 1), ("raw-html", "<b>", 1)]


def test_paths_render_without_a_page_context() -> None:
    """Text from YAML files is rendered without a base for paths (resolve refuses them there)."""
    assert (markdown().renderInline("![](1) [a](b.md)")
            == '<img src="" alt="" loading="lazy" /> <a href="#">a</a>')
