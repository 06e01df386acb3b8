"""Fixture packages for `trainforge check`, built in tmp_path with zipfile."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from trainforge.standards.xsd import scorm12_xsd_files

# A minimal SCORM 1.2 manifest, written by hand, that the official schemas accept.
# Line numbers matter: tests assert locations in it.
MANIFEST = """\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.hb101" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Harassment &amp; Bullying Policy</title>
      <item identifier="ITEM-1" identifierref="RES-1" isvisible="true">
        <title>Course</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="js/runtime.js"/>
    </resource>
  </resources>
</manifest>
"""

# A minimal tincan.xml (xAPI launch document, standards digest §3.1).
TINCAN = """\
<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="https://example.com/courses/hb-101"
              type="http://adlnet.gov/expapi/activities/course">
      <name lang="en-US">Harassment &amp; Bullying Policy</name>
      <description lang="en-US">What the policy covers.</description>
      <launch lang="en-US">index.html</launch>
    </activity>
    <activity id="https://example.com/courses/hb-101/final"
              type="http://adlnet.gov/expapi/activities/assessment">
      <name lang="en-US">Final assessment</name>
    </activity>
  </activities>
</tincan>
"""

CONTENT = {"index.html": "<!doctype html><title>Course</title>", "js/runtime.js": "// runtime"}


@dataclass(frozen=True)
class Packages:
    """Writes fixture zips into one test's tmp_path."""

    root: Path
    manifest: str = MANIFEST
    tincan_xml: str = TINCAN

    def zip(self, entries: Mapping[str, bytes | str], name: str = "pkg.zip") -> Path:
        path = self.root / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in entries.items():
                archive.writestr(member, data)
        return path

    def scorm(self, manifest: str = MANIFEST, **extra: bytes | str) -> Path:
        entries: dict[str, bytes | str] = {"imsmanifest.xml": manifest, **CONTENT}
        entries.update(scorm12_xsd_files())
        entries.update(extra)
        return self.zip(entries)

    def tincan(self, tincan: str = TINCAN, **extra: bytes | str) -> Path:
        return self.zip({"tincan.xml": tincan, **CONTENT, **extra})


@pytest.fixture
def packages(tmp_path: Path) -> Packages:
    return Packages(tmp_path)
