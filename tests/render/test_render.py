"""Rendering: hostile author text is neutralised, output is deterministic, media are hashed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from trainforge.batch.build import load_courses
from trainforge.commands.new import scaffold
from trainforge.markup import markdown
from trainforge.render.site import plain_text, render
from trainforge.render.theme import load_theme


def _site(root: Path) -> dict[str, bytes]:
    courses, _ = load_courses([root])
    return render(courses[0], load_theme())


def test_script_in_question_text_is_escaped(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    bank = tmp_path / "c" / "questions" / "bank.yaml"
    bank.write_text(bank.read_text().replace(
        "What do you do first with a report?",
        "'</script><script>alert(1)</script> [x](javascript:alert(2))'"))
    html = _site(tmp_path / "c")["index.html"].decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    data = re.search(r'<script type="application/json" id="tf-course">(.*?)</script>', html, re.S)
    assert data is not None
    parsed = json.loads(data.group(1))
    assert parsed["questions"]["q-apply"]["text"].startswith("</script><script>alert(1)")


def test_media_get_content_hashed_names(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    site = _site(tmp_path / "c")
    media = [name for name in site if name.startswith("media/")]
    assert media == ["media/steps.4a6f3784d4.svg"] or re.fullmatch(
        r"media/steps\.[0-9a-f]{10}\.svg", media[0])
    assert f'src="{media[0]}"' in site["index.html"].decode()


def test_render_is_deterministic(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    assert _site(tmp_path / "c") == _site(tmp_path / "c")


def test_theme_folder_overrides_one_template(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    theme = tmp_path / "brand"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "header.html").write_text('<header class="brand">{{ course.title }}'
                                                     "</header>\n")
    (theme / "static").mkdir()
    (theme / "static" / "brand.css").write_text("body{color:#111}")
    courses, _ = load_courses([tmp_path / "c"])
    site = render(courses[0], load_theme(theme))
    html = site["index.html"].decode()
    assert '<header class="brand">New policy course</header>' in html
    assert 'href="assets/brand.css"' in html and 'href="assets/tf.css"' in html
    assert 'data-tf-action="next"' in html  # the rest is inherited


def test_repository_brand_theme(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    courses, _ = load_courses([tmp_path / "c"])
    theme_dir = Path(__file__).resolve().parents[2] / "themes" / "trust-safety"
    html = render(courses[0], load_theme(theme_dir))["index.html"].decode()
    assert "Trust &amp; Safety Academy" in html
    assert html.index('href="assets/tf.css"') < html.index('href="assets/brand.css"')


_MARKDOWN_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'*_`[]()!\\#-|\n:/.;xé")),
                         max_size=60)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN_TEXT)
def test_plain_text_equals_an_html_parsers_text_content(text: str) -> None:
    """plain_text strips tags without parsing; for anything the renderer makes, the same text."""
    md = markdown()
    for html in (md.renderInline(text), md.render(text)):
        parsed = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
        assert plain_text(html) == " ".join(parsed.split())
