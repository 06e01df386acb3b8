"""The bundled SCORM 1.2 schemas: pristine bytes, offline compilation, and what they accept."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from trainforge.standards import xsd

# From src/trainforge/standards/scorm12/SOURCES.md (= shared/standards/scorm12/SOURCES.md).
SHA256 = {
    "imscp_rootv1p1p2.xsd": "d9ee699094e0db4518cf0143c81873d196b2683cf1c5ed770f108239ee079dda",
    "adlcp_rootv1p2.xsd": "173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883",
    "imsmd_rootv1p2p1.xsd": "51310a1097f373e619e54ef2ba9c050117de4822e6119a1cc2a3d07cfe450db9",
    "ims_xml.xsd": "5209ff1d1e89cac16e797a2cdb0d5f345343ad97c1b125483a4bc6fc29319bd5",
}
# CI runs a fresh clone with ../shared beside it.
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "scorm12"

MANIFEST = b"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1">
  <metadata>
    <schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>
    <imsmd:lom><imsmd:general><imsmd:title>
      <imsmd:langstring xml:lang="en">Course</imsmd:langstring>
    </imsmd:title></imsmd:general></imsmd:lom>
  </metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="a.html"/>
  </resources>
</manifest>"""


def _valid(manifest: bytes) -> bool:
    return xsd.scorm12_schema().validate(etree.fromstring(manifest))


def test_files_are_the_published_bytes():
    files = xsd.scorm12_xsd_files()
    assert sorted(files) == sorted(SHA256)
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == SHA256[name], name
        assert b"\r\n" in data  # CRLF kept: the bytes ship as published


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/standards not beside the repository")
def test_files_match_the_shared_copies():
    for name, data in xsd.scorm12_xsd_files().items():
        assert data == (SHARED / name).read_bytes(), name


def test_callers_get_a_copy_and_never_the_patched_bytes():
    xsd.scorm12_schema()
    files = xsd.scorm12_xsd_files()
    assert b'xmlns="http://www.w3.org/XML/1998/namespace"' in files["ims_xml.xsd"]
    assert b'namespace="##any"' in files["imsmd_rootv1p2p1.xsd"]
    files.clear()
    assert len(xsd.scorm12_xsd_files()) == 4


def test_schema_is_compiled_once():
    assert xsd.scorm12_schema() is xsd.scorm12_schema()


def test_schema_accepts_manifest_with_adlcp_and_inline_metadata():
    assert _valid(MANIFEST)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"adlcp:scormtype", b"adlcp:scormType"),  # the SCORM 2004 spelling
        (b'type="webcontent" ', b""),  # resource/@type is required
        (b'identifier="i"', b'identifier="1 item"'),  # not an xs:ID
        (b'identifier="i"', b'identifier="r"'),  # ids are unique across the document
    ],
)
def test_schema_rejects(old, new):
    # Not rejected, oddly: <schemaversion>1.3 (imscp's schemaversion is a free string; only the
    # unused adlcp:schemaversion is restricted to "1.2"). trainforge check warns instead.
    assert old in MANIFEST
    assert not _valid(MANIFEST.replace(old, new))


@pytest.mark.parametrize(
    "location",
    [
        "http://www.w3.org/2001/xml.xsd",
        (Path(xsd.__file__).parent / "scorm12" / "ims_xml.xsd").as_uri(),  # exists on disk
        "/etc/hostname",
        "../../../../etc/hostname",
    ],
)
def test_resolver_serves_nothing_but_the_bundled_files(location):
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(xsd._BundledOnly({}))
    schema = etree.fromstring(
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:import namespace="urn:x" schemaLocation="' + location.encode() + b'"/></xs:schema>',
        parser,
        base_url="trainforge-standards:///scorm12/wrapper.xsd",
    )
    with pytest.raises(etree.XMLSchemaParseError, match="Failed to parse the XML resource"):
        etree.XMLSchema(schema)


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare(1)")
def test_compiles_without_a_network(tmp_path):
    code = "from trainforge.standards import xsd; xsd.scorm12_schema(); print('ok')"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False)
    if probe.returncode:
        pytest.skip("user and network namespaces are not available")
    src = Path(xsd.__file__).parents[2]
    result = subprocess.run(
        ["unshare", "-rn", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(src)},
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr
