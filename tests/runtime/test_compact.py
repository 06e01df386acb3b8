"""Compaction drops comments and layout only; what remains is valid, unchanged code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from trainforge import runtime
from trainforge.runtime.compact import compact_js

ADAPTERS = sorted(p.stem for p in (Path(runtime.__file__).parent / "adapters").glob("*.js"))


def test_comments_and_layout_go_code_and_strings_stay() -> None:
    source = b"""/* header
 * spanning lines */
(function () {
    // a note
    var url = 'https://lrs.example/x'; // trailing notes stay
    /* one-line block */ var a = 1;

    return url + a;
})();
"""
    assert compact_js(source) == (
        b"(function () {\n"
        b"var url = 'https://lrs.example/x'; // trailing notes stay\n"
        b"var a = 1;\n"
        b"return url + a;\n"
        b"})();\n"
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the syntax check")
@pytest.mark.parametrize("name", ["core", *ADAPTERS])
def test_every_shipped_script_still_parses(name: str, tmp_path: Path) -> None:
    shipped = runtime.core_js() if name == "core" else runtime.adapter_js(name)
    script = tmp_path / f"{name}.js"
    script.write_bytes(shipped)
    result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert b"\n\n" not in shipped and not shipped.startswith(b"/*")
