"""trainforge is a normal package: its wheel, installed outside the repository, builds a course.

Themes, runtime and the starter course are package data; this proves they are in the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_wheel_installs_and_builds_an_example(tmp_path: Path) -> None:
    dist = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("trainforge-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "trainforge/runtime/core.js" in names
    assert "trainforge/themes/default/templates/course.html" in names
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    # Dependencies come from this interpreter's site-packages: no network needed for them.
    site = next(p for p in sys.path if p.endswith("site-packages"))
    subprocess.run([*pip, "--no-index", "--find-links", str(dist), "--no-deps", str(wheel)],
                   check=True)
    (env_dir / "lib").mkdir(exist_ok=True)
    pth = next((env_dir / "lib").glob("python3*/site-packages"))
    (pth / "deps.pth").write_text(site + "\n")
    course = tmp_path / "work" / "course"
    shutil.copytree(ROOT / "courses" / "minor-safety", course)
    shutil.copytree(ROOT / "policies", course.parent / "policies")  # the registry it cites
    result = subprocess.run([str(env_dir / "bin" / "trainforge"), "build", "course", "--format",
                             "web", "--out", "out"], cwd=course.parent, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert list((course.parent / "out").glob("ms-101-*-web/index.html"))
    installed = subprocess.run([str(env_dir / "bin" / "python"), "-c",
                                "import trainforge, sys; print(trainforge.__file__)"],
                               capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in installed
