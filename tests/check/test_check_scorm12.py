"""SCORM 1.2 manifests: well-formedness, XSD validity, references and files, each located."""

from __future__ import annotations

from trainforge.check import check_package
from trainforge.errors import Diagnostic, Severity


def _only(found: list[Diagnostic], code: str) -> Diagnostic:
    """The single diagnostic, after asserting it is the only one and has ``code``."""
    assert [d.code for d in found] == [code], [str(d) for d in found]
    return found[0]


def test_minimal_valid_package_passes(packages):
    assert check_package(packages.scorm()) == []


def test_manifest_not_xml(packages):
    path = packages.scorm("this is not XML")
    d = _only(check_package(path), "check.xml")
    assert str(d.location) == f"{path}!imsmanifest.xml:1:1"
    assert "not well-formed XML" in d.message


def test_malformed_manifest_points_at_line_and_column(packages):
    path = packages.scorm(packages.manifest.replace("<title>Course</title>", "<title>Course"))
    d = _only(check_package(path), "check.xml")
    assert str(d.location) == f"{path}!imsmanifest.xml:19:14"
    assert "Opening and ending tag mismatch" in d.message


def test_scormType_is_rejected_by_the_schema(packages):
    # `scormType` is the SCORM 2004 spelling; 1.2's strict wildcard refuses it.
    path = packages.scorm(packages.manifest.replace("adlcp:scormtype", "adlcp:scormType"))
    d = _only(check_package(path), "check.xsd")
    assert str(d.location) == f"{path}!imsmanifest.xml:23:52"
    assert "attribute 'adlcp:scormType'" in d.message
    assert "scormtype (lower-case t)" in d.hint


def test_schemaversion_other_than_1_2_is_a_warning(packages):
    path = packages.scorm(packages.manifest.replace(">1.2<", ">CAM 1.3<"))
    d = _only(check_package(path), "check.schemaversion")
    assert (d.severity, str(d.location)) == (Severity.WARNING, f"{path}!imsmanifest.xml:11:5")
    assert d.message == "<schemaversion> is 'CAM 1.3'; a SCORM 1.2 manifest says '1.2'"


def test_identifier_that_is_not_an_xml_name(packages):
    path = packages.scorm(packages.manifest.replace('"ITEM-1"', '"item 1"'))
    d = _only(check_package(path), "check.xsd")
    assert str(d.location) == f"{path}!imsmanifest.xml:16:13"
    assert "'item 1' is not a valid value of the atomic type 'xs:ID'" in d.message


def test_missing_referenced_file(packages):
    path = packages.scorm(packages.manifest.replace("js/runtime.js", "js/app.js"))
    d = _only(check_package(path), "check.file-missing")
    assert str(d.location) == f"{path}!imsmanifest.xml:25:13"
    assert d.message == "file 'js/app.js' is not in the zip"


def test_missing_file_with_other_case_gets_a_hint(packages):
    path = packages.scorm(packages.manifest.replace("js/runtime.js", "JS/Runtime.js"))
    d = _only(check_package(path), "check.file-missing")
    assert "the zip has 'js/runtime.js'" in d.hint


def test_missing_launch_file(packages):
    manifest = packages.manifest.replace('href="index.html"', 'href="start.html"')
    manifest = manifest.replace('<file href="start.html"/>', '<file href="index.html"/>')
    path = packages.scorm(manifest)
    d = _only(check_package(path), "check.launch-missing")
    assert str(d.location) == f"{path}!imsmanifest.xml:23:74"
    assert d.message == "launch file 'start.html' is not in the zip"


def test_dangling_identifierref(packages):
    path = packages.scorm(
        packages.manifest.replace('identifierref="RES-1"', 'identifierref="RES-9"')
    )
    d = _only(check_package(path), "check.identifierref")
    assert str(d.location) == f"{path}!imsmanifest.xml:16:33"
    assert d.message == "item identifierref 'RES-9' names no <resource>"


def test_duplicate_identifiers_across_items_and_resources(packages):
    path = packages.scorm(packages.manifest.replace('identifier="RES-1"', 'identifier="ITEM-1"'))
    found = check_package(path)
    # The item now points at nothing, and the resource reuses the item's id; the schema's own
    # complaint about the duplicate xs:ID is replaced by the clearer one.
    assert [d.code for d in found] == ["check.identifier-duplicate", "check.identifierref"]
    d = found[0]
    assert str(d.location) == f"{path}!imsmanifest.xml:23:15"
    assert d.message == "identifier 'ITEM-1' is already used on line 16"


def test_default_must_name_an_organization(packages):
    path = packages.scorm(packages.manifest.replace('default="ORG-1"', 'default="RES-1"'))
    d = _only(check_package(path), "check.default-organization")
    assert str(d.location) == f"{path}!imsmanifest.xml:13:18"


def test_leaf_item_must_launch_something(packages):
    path = packages.scorm(packages.manifest.replace(' identifierref="RES-1"', ""))
    d = _only(check_package(path), "check.item-leaf")
    assert str(d.location) == f"{path}!imsmanifest.xml:16:7"


def test_href_climbing_out_of_the_package(packages):
    path = packages.scorm(packages.manifest.replace("js/runtime.js", "../secret.js"))
    d = _only(check_package(path), "check.href-outside")
    assert str(d.location) == f"{path}!imsmanifest.xml:25:13"


def test_hrefs_are_url_decoded_and_follow_xml_base(packages):
    manifest = packages.manifest.replace("js/runtime.js", "my%20runtime.js").replace(
        '<resource identifier="RES-1"', '<resource xml:base="js/" identifier="RES-1"'
    )
    manifest = manifest.replace('href="index.html"', 'href="../index.html"')
    path = packages.scorm(manifest, **{"js/my runtime.js": "//"})
    assert check_package(path) == []


def test_scorm_2004_manifest_is_named(packages):
    manifest = packages.manifest.replace(
        'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
        'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"',
    )
    path = packages.scorm(manifest)
    d = _only(check_package(path), "check.manifest-namespace")
    assert str(d.location) == f"{path}!imsmanifest.xml:2:1"
    assert "SCORM 2004" in d.message


def test_doctype_is_refused_and_entities_are_never_read(packages):
    manifest = packages.manifest.replace(
        "<manifest ", '<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<manifest ', 1
    ).replace("<title>Course</title>", "<title>&x;</title>")
    path = packages.scorm(manifest)
    d = _only(check_package(path), "check.xml-doctype")
    assert str(d.location) == f"{path}!imsmanifest.xml:2:1"
    assert "root:" not in d.message


def test_schema_named_but_not_shipped_is_a_warning(packages):
    path = packages.scorm()
    entries = {"imsmanifest.xml": packages.manifest, "index.html": "x", "js/runtime.js": "x"}
    path = packages.zip(entries)
    found = check_package(path)
    assert [d.code for d in found] == ["check.schema-missing"] * 3
    assert {d.severity for d in found} == {Severity.WARNING}
    assert found[0].message == "schema 'imscp_rootv1p1p2.xsd' is not in the zip"


def test_manifest_inside_a_folder_is_not_at_the_root(packages):
    path = packages.zip({"course/imsmanifest.xml": packages.manifest})
    d = _only(check_package(path), "check.manifest-missing")
    assert str(d.location) == str(path)
    assert "found 'course/imsmanifest.xml'" in d.hint
