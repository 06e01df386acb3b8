"""Read what an LMS needs from a SCORM 1.2 imsmanifest.xml: the launch href and LMS-side data.

A real LMS never guesses the launch file; it follows the default organization's first item to its
resource. Doing the same here means a wrong `href` or `identifierref` in our manifest fails a test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

# SCORM 1.2 CAM: the content-packaging namespace and the ADL extensions (adlcp:*).
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


@dataclass(frozen=True)
class ScoLaunch:
    """The first SCO of the default organization, as an LMS would launch it."""

    href: str  # relative to the package root, with the item's `parameters` appended
    mastery_score: str | None  # adlcp:masteryscore -> cmi.student_data.mastery_score
    launch_data: str | None  # adlcp:datafromlms -> cmi.launch_data


def _text(element: ET.Element | None) -> str | None:
    return element.text.strip() if element is not None and element.text else None


def _with_parameters(href: str, parameters: str) -> str:
    """Append an item's `parameters` to the launch URL as ADL's CAM describes for LMSs."""
    if not parameters:
        return href
    if parameters.startswith("#"):
        return href if "#" in href else href + parameters
    return href + ("&" if "?" in href else "?") + parameters.lstrip("?&")


def read_sco_launch(package_dir: Path) -> ScoLaunch:
    """Find the launch of the first item (with a resource) in the default organization."""
    manifest = package_dir / "imsmanifest.xml"
    root = ET.parse(manifest).getroot()
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    organizations = root.find("cp:organizations", ns)
    if organizations is None:
        raise ValueError(f"{manifest}: no <organizations>")
    default_id = organizations.get("default")
    organization = next(
        (
            o
            for o in organizations.findall("cp:organization", ns)
            if o.get("identifier") == default_id
        ),
        organizations.find("cp:organization", ns),
    )
    if organization is None:
        raise ValueError(f"{manifest}: no <organization>")
    item = next((i for i in organization.iter(f"{{{IMSCP}}}item") if i.get("identifierref")), None)
    if item is None:
        raise ValueError(f"{manifest}: no <item> refers to a resource")
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", ns)}
    resource = resources.get(item.get("identifierref"))
    if resource is None or not resource.get("href"):
        raise ValueError(f"{manifest}: item {item.get('identifier')!r} has no resource with href")
    base = resource.get("{http://www.w3.org/XML/1998/namespace}base", "")
    href = _with_parameters(base + (resource.get("href") or ""), item.get("parameters") or "")
    return ScoLaunch(
        href=href,
        mastery_score=_text(item.find("adlcp:masteryscore", ns)),
        launch_data=_text(item.find("adlcp:datafromlms", ns)),
    )
