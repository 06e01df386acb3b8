"""Check what the SCORM 1.2 schemas cannot: unique identifiers and where references point."""

from __future__ import annotations

from lxml import etree

from trainforge.check.xmldoc import Descriptor
from trainforge.errors import Diagnostic, error, warning
from trainforge.standards.xsd import IMSCP_NS

_CP = f"{{{IMSCP_NS}}}"


def duplicate_ids(root: etree._Element) -> set[str]:
    """Identifiers used more than once anywhere in the manifest."""
    seen: set[str] = set()
    duplicates: set[str] = set()
    for element in _with_identifier(root):
        value = element.get("identifier", "")
        (duplicates if value in seen else seen).add(value)
    return duplicates


def check_references(doc: Descriptor) -> list[Diagnostic]:
    """Duplicate ids, the default organization, item and dependency targets, leaf items."""
    root = doc.root
    found: list[Diagnostic] = []
    first: dict[str, etree._Element] = {}
    # IMS CP 1.1.2: identifier is xs:ID, unique in the whole document; manifest, organizations,
    # items and resources share one id space.
    for element in _with_identifier(root):
        value = element.get("identifier", "")
        if value in first:
            line = doc.at(first[value], "identifier").line
            message = f"identifier '{value}' is already used on line {line}"
            where = doc.at(element, "identifier")
            hint = "organizations, items and resources share one id space"
            found.append(error("check.identifier-duplicate", message, where, hint))
        first.setdefault(value, element)
    organizations = {o.get("identifier") for o in root.iter(f"{_CP}organization")}
    if not organizations:
        message = "no <organization>: an LMS has nothing to show the learner"
        found.append(error("check.organization-missing", message, doc.at(root)))
    for element in root.iter(f"{_CP}organizations"):
        default = element.get("default")
        if default is not None and default not in organizations:
            message = f"default organization '{default}' is not an <organization> identifier"
            found.append(error("check.default-organization", message, doc.at(element, "default")))
    # An item or dependency may point at a resource or, in IMS CP, at a (sub-)manifest.
    targets = {r.get("identifier") for r in root.iter(f"{_CP}resource", f"{_CP}manifest")}
    for element in root.iter(f"{_CP}item", f"{_CP}dependency"):
        ref = element.get("identifierref")
        if ref is not None and ref not in targets:
            kind = etree.QName(element).localname
            message = f"{kind} identifierref '{ref}' names no <resource>"
            found.append(error("check.identifierref", message, doc.at(element, "identifierref")))
    found.extend(_item_shapes(doc))
    return found


def _item_shapes(doc: Descriptor) -> list[Diagnostic]:
    """SCORM 1.2 CAM: a leaf item launches a resource; an item with children launches nothing."""
    found: list[Diagnostic] = []
    for item in doc.root.iter(f"{_CP}item"):
        has_children = item.find(f"{_CP}item") is not None
        ref = item.get("identifierref")
        name = item.get("identifier", "")
        if not has_children and ref is None:
            message = f"item '{name}' has no child items and no identifierref: it launches nothing"
            found.append(error("check.item-leaf", message, doc.at(item)))
        elif has_children and ref is not None:
            message = f"item '{name}' has child items and an identifierref; LMSs ignore one of them"
            found.append(
                warning("check.item-parent-launch", message, doc.at(item, "identifierref"))
            )
    return found


def _with_identifier(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter(f"{_CP}*") if e.get("identifier") is not None]
