"""Fuzz: mutated sources never produce a traceback, only diagnostics (or a clean build)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainforge.batch.build import load_courses
from trainforge.commands.new import scaffold
from trainforge.errors import TrainforgeError
from trainforge.render.site import render
from trainforge.render.theme import load_theme

FILES = ["course.yaml", "questions/bank.yaml", "lessons/01-welcome.md", "lessons/02-applying.md"]
NASTY = ["\n", ":", "- ", "&a ", "*a", "[", "{", "---\n", "\t", "'", '"', "!!python/object:x ",
         "\x00", "\ufeff", "<script>", "../", "```{question} ", ":::", "\\", "%", "é", "0x", "~"]

_BASE = Path(tempfile.mkdtemp(prefix="tf-fuzz-base-")) / "c"
scaffold(_BASE)
_THEME = load_theme()


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(FILES))
    data = bytearray((_BASE / rel).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "bytes"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "insert":
            data[pos:pos] = draw(st.sampled_from(NASTY)).encode()
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 30))]
        elif kind == "replace":
            data[pos : pos + 1] = draw(st.text(max_size=5)).encode("utf-8", "surrogatepass")
        else:
            data[pos:pos] = draw(st.binary(max_size=4))
    return rel, bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_mutated_sources_never_crash(change: tuple[str, bytes]) -> None:
    rel, data = change
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "c"
        shutil.copytree(_BASE, root)
        (root / rel).write_bytes(data)
        try:
            courses, _ = load_courses([root])
        except TrainforgeError as exc:
            assert exc.diagnostics, "an error must say what is wrong"
            assert all(d.location.path for d in exc.diagnostics)
            return
        render(courses[0], _THEME)  # a valid course must also render
