"""Check an xAPI (Tin Can) package: tincan.xml, its activities' ids and names, the launch file.

There is no published tincan.xsd; the rules come from Rustici's launch document
(RusticiSoftware/launch, lms_lrs.md) as summarised in the standards digest, §3.1.
"""

from __future__ import annotations

from lxml import etree

from trainforge.check.hrefs import check_href
from trainforge.check.iri import is_absolute_iri
from trainforge.check.xapi_details import check_details
from trainforge.check.xmldoc import Descriptor, load_descriptor
from trainforge.check.zip_reader import Archive
from trainforge.errors import Diagnostic, error, warning

TINCAN = "tincan.xml"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"
_T = f"{{{TINCAN_NS}}}"


def check_xapi(archive: Archive) -> list[Diagnostic]:
    """Every problem found in the package's tincan.xml."""
    doc = load_descriptor(archive, TINCAN)
    if isinstance(doc, Diagnostic):
        return [doc]
    root = doc.root
    if root.tag != f"{_T}tincan":
        qname = etree.QName(root)
        message = (
            f"root element is <{qname.localname}> in '{qname.namespace or ''}'; "
            f"tincan.xml's root is <tincan> in '{TINCAN_NS}'"
        )
        return [error("check.tincan-namespace", message, doc.at(root))]
    activities = root.findall(f"{_T}activities/{_T}activity")
    if not activities:
        message = "no <activities>/<activity>: the LMS has no course to register"
        return [error("check.tincan-activity-missing", message, doc.at(root))]
    found: list[Diagnostic | None] = []
    seen: set[str] = set()
    for activity in activities:
        found.extend(_activity(doc, activity, seen))
    launches = [a for a in activities if a.find(f"{_T}launch") is not None]
    if not launches:
        message = "no activity has a <launch>: the LMS has nothing to open"
        found.append(error("check.tincan-launch-missing", message, doc.at(activities[0])))
    for extra in launches[1:]:
        # Only the root activity may carry <launch> (launch document; moodle-mod_tincanlaunch#43).
        message = "more than one activity has a <launch>; only the course's root activity may"
        found.append(error("check.tincan-launch-multiple", message, doc.at(extra)))
    for activity in launches[:1]:
        for launch in activity.findall(f"{_T}launch"):
            found.append(
                check_href(
                    archive,
                    launch.text or "",
                    code="check.launch-missing",
                    what="launch file",
                    where=doc.at(launch),
                )
            )
    return [d for d in found if d is not None]


def _activity(doc: Descriptor, activity: etree._Element, seen: set[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    ident = activity.get("id")
    if ident is None or not is_absolute_iri(ident):
        # xAPI 1.0.3 §4.1.4.1: an activity id is an IRI; LRSs reject relative or empty ones
        # ("Activity ID 'null' is not an absolute URI", moodle-mod_tincanlaunch#63).
        shown = "missing" if ident is None else f"'{ident}' is not an absolute IRI"
        found.append(
            error(
                "check.tincan-activity-id",
                f"activity id {shown}",
                doc.at(activity, "id"),
                "use an absolute IRI, e.g. https://example.com/courses/hb-101",
            )
        )
    elif ident in seen:
        message = f"activity id '{ident}' is used by more than one activity"
        found.append(error("check.tincan-activity-duplicate", message, doc.at(activity, "id")))
    seen.add(ident or "")
    found.extend(check_details(doc, activity))
    if not any((n.text or "").strip() for n in activity.findall(f"{_T}name")):
        # The LMS titles the course after the launched activity's name; others are reporting only.
        report = error if activity.find(f"{_T}launch") is not None else warning
        message = f"activity '{ident or ''}' has no <name>"
        found.append(report("check.tincan-name", message, doc.at(activity)))
    return found
