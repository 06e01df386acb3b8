"""run_check: what the CLI prints for `trainforge check` and the exit code it returns."""

from __future__ import annotations

import io
import json

from trainforge.check import run_check


def test_valid_packages_exit_0_and_print_nothing(packages):
    out = io.StringIO()
    assert run_check([packages.scorm(), packages.tincan()], out=out) == 0
    assert out.getvalue() == ""


def test_errors_exit_1_one_line_each(packages):
    path = packages.zip({"../../x": "pwned"})
    out = io.StringIO()
    assert run_check([path], out=out) == 1
    assert out.getvalue().splitlines() == [
        f"{path}!../../x: error: entry name climbs out of the package with '..' (zip slip) "
        "(entry names must be relative, with '/' separators (zip APPNOTE 4.4.17.1)) "
        "[check.zip-slip]",
        f"{path}: error: no imsmanifest.xml (SCORM 1.2) or tincan.xml (xAPI) at the root of the "
        "zip (a SCORM 1.2 package has imsmanifest.xml at its root, an xAPI package tincan.xml) "
        "[check.manifest-missing]",
    ]


def test_warnings_fail_only_when_strict(packages):
    path = packages.tincan(**{"__MACOSX/._x": "x"})
    assert run_check([path], out=io.StringIO()) == 0
    assert run_check([path], strict=True, out=io.StringIO()) == 1


def test_json_output(packages):
    out = io.StringIO()
    path = packages.scorm("not xml")
    assert run_check([path], style="json", out=out) == 1
    [entry] = json.loads(out.getvalue())
    assert entry["code"] == "check.xml"
    assert (entry["path"], entry["line"], entry["col"]) == (f"{path}!imsmanifest.xml", 1, 1)
