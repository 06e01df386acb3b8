"""Check a SCORM 1.2 package: its imsmanifest.xml is well-formed, XSD-valid and consistent."""

from __future__ import annotations

from lxml import etree

from trainforge.check.scorm12_files import check_files
from trainforge.check.scorm12_refs import check_references, duplicate_ids
from trainforge.check.scorm12_xsd import check_xsd
from trainforge.check.xmldoc import Descriptor, load_descriptor
from trainforge.check.zip_reader import Archive
from trainforge.errors import Diagnostic, error, warning
from trainforge.standards.xsd import IMSCP_NS

# SCORM 1.2 CAM / ADL test suite: the manifest is this exact name, at the root of the zip.
MANIFEST = "imsmanifest.xml"

_CP = f"{{{IMSCP_NS}}}"

# Root namespaces of other content-packaging versions, to name them in the error.
_OTHER_VERSIONS = {
    "http://www.imsglobal.org/xsd/imscp_v1p1": "a SCORM 2004 (IMS CP 1.1.4) manifest",
}


def check_scorm12(archive: Archive) -> list[Diagnostic]:
    """Every problem found in the package's SCORM 1.2 manifest."""
    doc = load_descriptor(archive, MANIFEST)
    if isinstance(doc, Diagnostic):
        return [doc]
    root = doc.root
    if root.tag != f"{{{IMSCP_NS}}}manifest":
        qname = etree.QName(root)
        found = _OTHER_VERSIONS.get(qname.namespace, f"<{qname.localname}> in '{qname.namespace}'")
        message = f"root element is {found}; a SCORM 1.2 manifest is <manifest> in '{IMSCP_NS}'"
        return [error("check.manifest-namespace", message, doc.at(root))]
    return [
        *check_xsd(doc, duplicate_ids(root)),
        *_version(doc),
        *check_references(doc),
        *check_files(doc),
    ]


def _version(doc: Descriptor) -> list[Diagnostic]:
    """metadata/schema and schemaversion, which LMSs read to pick the runtime version.

    The schemas cannot check them: adlcp_rootv1p2.xsd restricts its own adlcp:schema and
    adlcp:schemaversion to "ADL SCORM" / "1.2", but manifests use imscp's unqualified elements,
    which are free strings (<= 100 and <= 20 characters).
    """
    found: list[Diagnostic] = []
    for tag, expected in (("schema", "ADL SCORM"), ("schemaversion", "1.2")):
        element = doc.root.find(f"{_CP}metadata/{_CP}{tag}")
        value = "" if element is None else (element.text or "").strip()
        if element is not None and value != expected:
            message = f"<{tag}> is '{value}'; a SCORM 1.2 manifest says '{expected}'"
            hint = "LMSs pick the runtime version from it"
            found.append(warning("check.schemaversion", message, doc.at(element), hint))
    return found
