"""run_check: what the CLI prints for `trainforge check` and the exit code it returns."""

from __future__ import annotations

import io
import json

from trainforge.check import run_check


def test_valid_packages_exit_0_and_say_what_was_checked(packages):
    expected = {
        packages.scorm: "SCORM 1.2 (zip entries and sizes; imsmanifest.xml against the SCORM 1.2 "
        "schemas, schema version, references, files)",
        packages.tincan: "xAPI (zip entries and sizes; tincan.xml activities, launch, ids and "
        "types, interaction types, response patterns)",
    }
    for make, checked in expected.items():
        path = make()  # the fixture writes every package to the same path
        out = io.StringIO()
        assert run_check([path, path], out=out) == 0
        assert out.getvalue().splitlines() == [f"{path}: ok: {checked}"] * 2


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
        f"{path}: failed: no known descriptor (zip entries and sizes): 2 error(s), 0 warning(s)",
    ]


def test_warnings_fail_only_when_strict(packages):
    path = packages.tincan(**{"__MACOSX/._x": "x"})
    out, strict = io.StringIO(), io.StringIO()
    assert run_check([path], out=out) == 0
    assert run_check([path], strict=True, out=strict) == 1
    assert out.getvalue().splitlines()[-1].startswith(f"{path}: ok: xAPI (")
    assert out.getvalue().endswith(": 0 error(s), 1 warning(s)\n")
    assert strict.getvalue().splitlines()[-1].startswith(f"{path}: failed: xAPI (")


def test_machine_readable_output_has_no_summary(packages):
    for style, empty in (("json", "[]"), ("github", "")):
        out = io.StringIO()
        assert run_check([packages.scorm()], style=style, out=out) == 0
        assert out.getvalue().strip() == empty


def test_json_output(packages):
    out = io.StringIO()
    path = packages.scorm("not xml")
    assert run_check([path], style="json", out=out) == 1
    [entry] = json.loads(out.getvalue())
    assert entry["code"] == "check.xml"
    assert (entry["path"], entry["line"], entry["col"]) == (f"{path}!imsmanifest.xml", 1, 1)
