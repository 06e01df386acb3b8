"""Check that every file a SCORM 1.2 manifest names (launch, files, metadata) is in the zip."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from trainforge.check.hrefs import check_href, join
from trainforge.check.xmldoc import Descriptor
from trainforge.errors import Diagnostic, error, warning
from trainforge.standards.xsd import ADLCP_NS, IMSCP_NS

_CP = f"{{{IMSCP_NS}}}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


def check_files(doc: Descriptor) -> list[Diagnostic]:
    """Errors for launch, file and metadata hrefs missing from the zip; warnings for schemas."""
    found: list[Diagnostic | None] = []
    launched = {i.get("identifierref") for i in doc.root.iter(f"{_CP}item")}
    for resource in doc.root.iter(f"{_CP}resource"):
        base = _base(resource)
        name = resource.get("identifier", "")
        href = resource.get("href")
        sco = resource.get(f"{{{ADLCP_NS}}}scormtype") == "sco"
        if href is None and (sco or name in launched):
            # The LMS launches a resource by its href; an item or a SCO without one cannot run.
            message = f"resource '{name}' is launched but has no href"
            found.append(error("check.launch-missing", message, doc.at(resource)))
        elif href is not None:
            where = doc.at(resource, "href")
            missing = check_href(
                doc.archive,
                href,
                base=base,
                code="check.launch-missing",
                what="launch file",
                where=where,
            )
            found.append(missing)
            listed = {urlsplit(join(base, f.get("href", ""))).path for f in _files(resource)}
            if not missing and urlsplit(join(base, href)).path not in listed:
                # Some LMSs and repositories keep only listed files (exelearning/iteexe#366).
                message = f"launch file '{href}' is not listed as a <file> of resource '{name}'"
                found.append(warning("check.launch-unlisted", message, where))
        for file in _files(resource):
            found.append(
                check_href(
                    doc.archive,
                    file.get("href", ""),
                    base=_base(file),
                    code="check.file-missing",
                    what="file",
                    where=doc.at(file, "href"),
                )
            )
    for location in doc.root.iter(f"{{{ADLCP_NS}}}location"):
        found.append(
            check_href(
                doc.archive,
                location.text or "",
                base=_base(location),
                code="check.file-missing",
                what="metadata file",
                where=doc.at(location),
            )
        )
    found.extend(_schemas(doc))
    return [d for d in found if d is not None]


def _schemas(doc: Descriptor) -> list[Diagnostic | None]:
    """Schema files named in xsi:schemaLocation should ship in the zip (exelearning#915)."""
    pairs = (doc.root.get(_SCHEMA_LOCATION) or "").split()
    where = doc.at(doc.root, "schemaLocation")
    return [
        check_href(
            doc.archive,
            location,
            code="check.schema-missing",
            what="schema",
            where=where,
            report=warning,
        )
        for location in pairs[1::2]
    ]


def _files(resource: etree._Element) -> list[etree._Element]:
    return resource.findall(f"{_CP}file")


def _base(element: etree._Element) -> str:
    """The xml:base in effect at ``element`` (XML Base §4.2: each ancestor's base applies)."""
    base = ""
    for node in [*reversed(list(element.iterancestors())), element]:
        base = join(base, node.get(_XML_BASE) or "")
    return base
