"""``xapi``: a Tin Can package — ``tincan.xml`` at the root and the adapter that talks to the LRS.

The activities (xapi_activities.py) go both into ``tincan.xml``, for the LMS that imports the
package, and into the first line of the adapter script, for the statements, so the two never
disagree. LRS endpoints and credentials reach the package only through the launch URL; the build
refuses anything that would bake one in (credentials.py).
"""

from __future__ import annotations

import re
import urllib.parse

from lxml import etree

from trainforge import runtime
from trainforge.batch.options import BuildOptions
from trainforge.errors import Diagnostic, Location, error
from trainforge.package import credentials
from trainforge.package.base import Package, Packager, register
from trainforge.package.xapi_activities import Activities, Json
from trainforge.render.site import Site
from trainforge.resolve import resolved
from trainforge.tracking import config

NS = "http://projecttincan.com/tincan.xsd"
LAUNCH = "index.html"
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")  # in tincan.xsd's order
# Characters RFC 3987 never allows unescaped in an IRI (besides controls and spaces).
# The host of the example base IRI earlier releases used by default; never a real one.
EXAMPLE_HOST = "training.example.org"
_NOT_IRI = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


class XapiPackager(Packager):
    name = "xapi"
    adapter = "xapi"
    description = "Tin Can package: tincan.xml + statements to the LRS given at launch"

    def check(self, course: resolved.Course, options: BuildOptions) -> list[Diagnostic]:
        return (
            base_iri_problems(*base_iri(course, options))
            + credentials.check_options(options.extra)
            + credentials.check_course(course)
        )

    def package(self, course: resolved.Course, site: Site, options: BuildOptions) -> Package:
        activities = Activities(course, base_iri(course, options)[0])
        files = self.with_runtime(site)
        files[f"assets/{runtime.TRACKING}"] = (
            adapter_config(activities) + files[f"assets/{runtime.TRACKING}"]
        )
        files["tincan.xml"] = tincan_xml(activities)
        return Package(f"{self.stem(course)}-xapi.zip", dict(sorted(files.items())))


def base_iri(course: resolved.Course, options: BuildOptions) -> tuple[str, Location]:
    """The base of the activity IRIs, and where it was set: ``--xapi-base-iri`` wins over
    course.yaml's ``xapi_base_iri``; "" (located at course.yaml) when neither sets one."""
    if options.xapi_base_iri is not None:
        return options.xapi_base_iri, Location("--xapi-base-iri")
    where = course.xapi_base_iri_at or Location(f"{course.source_dir}/course.yaml", 1, 1)
    return course.xapi_base_iri or "", where


def base_iri_problems(base: str, where: Location) -> list[Diagnostic]:
    """The base IRI must be an absolute http(s) IRI that activity ids can extend with paths,
    and the organisation's own: activity ids live in an LRS for good, so a package must never
    fall back to a made-up one (nor carry the documentation's example)."""
    allowed = (
        "an absolute http(s) IRI your organisation controls, without query, fragment or "
        "credentials, e.g. https://learning.your-org.com/courses"
    )
    if not base:
        return [error("xapi.base-iri-missing", "an xAPI package needs a base IRI for its "
                      "activity ids", where, f"add `xapi_base_iri:` to course.yaml (or pass "
                      f"--xapi-base-iri): {allowed}")]
    parts = urllib.parse.urlsplit(base)
    if "@" in parts.netloc or credentials.find_secret(base) is not None:
        return [
            error(
                credentials.CODE,
                "the xAPI base IRI carries credentials; every learner would see them",
                where,
                credentials.HINT,
            )
        ]
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [error("xapi.base-iri", f"`{base}` is not {allowed}", where)]
    if parts.query or parts.fragment or "?" in base or "#" in base or _NOT_IRI.search(base):
        return [error("xapi.base-iri", f"`{base}` must be {allowed}", where)]
    if parts.hostname == EXAMPLE_HOST:
        return [error("xapi.base-iri-example", f"`{base}` is the documentation's example; "
                      "its activity ids would mix with every other course that kept it",
                      where, f"use {allowed}")]
    return []


def adapter_config(activities: Activities) -> bytes:
    """A first line for the adapter script: the activities it reports about and the IRIs it
    sends beside them (extension keys, the attestation verb, the state id), as JSON."""
    data = {
        "course": activities.course,
        "modules": activities.modules,
        "pages": activities.pages,
        "questions": activities.questions,  # a scenario's steps too, as `<question>--<step>`
        "attestation": activities.attestation,
        **config.xapi_runtime(),
    }
    return config.script_line("TF_XAPI", data)


def tincan_xml(activities: Activities) -> bytes:
    """``tincan.xml``: the launchable course first, then the activities reports may show."""
    root = etree.Element(f"{{{NS}}}tincan", nsmap={None: NS})  # type: ignore[dict-item]
    listing = etree.SubElement(root, f"{{{NS}}}activities")
    _activity_xml(listing, activities.course, activities.lang, launch=LAUNCH)
    for group in (
        activities.modules,
        activities.pages,
        activities.objectives,
        activities.questions,
    ):
        for activity in group.values():
            _activity_xml(listing, activity, activities.lang)
    if activities.attestation is not None:
        _activity_xml(listing, activities.attestation, activities.lang)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml


def _activity_xml(
    parent: etree._Element, activity: Json, lang: str, launch: str | None = None
) -> None:
    definition = activity["definition"]
    node = etree.SubElement(parent, f"{{{NS}}}activity", id=activity["id"], type=definition["type"])

    def text(tag: str, value: str, parent: etree._Element = node, **attrs: str) -> None:
        etree.SubElement(parent, f"{{{NS}}}{tag}", attrs).text = value

    # Element order follows tincan.xsd: name, description, launch, interaction parts.
    text("name", definition["name"][lang], lang=lang)
    if "description" in definition:
        text("description", definition["description"][lang], lang=lang)
    if launch:
        text("launch", launch, lang=lang)
    if "interactionType" in definition:
        text("interactionType", definition["interactionType"])
        patterns = etree.SubElement(node, f"{{{NS}}}correctResponsePatterns")
        for pattern in definition["correctResponsesPattern"]:
            text("correctResponsePattern", pattern, patterns)
    for kind in COMPONENT_LISTS:
        if kind not in definition:
            continue
        components = etree.SubElement(node, f"{{{NS}}}{kind}")
        for item in definition[kind]:
            component = etree.SubElement(components, f"{{{NS}}}component")
            text("id", item["id"], component)
            text("description", item["description"][lang], component, lang=lang)


register(XapiPackager())
