"""xAPI (Tin Can) packages: tincan.xml structure, activity ids, names and the launch file."""

from __future__ import annotations

import pytest

from trainforge.check import check_package
from trainforge.check.iri import is_absolute_iri
from trainforge.errors import Diagnostic, Severity

COURSE_ID = "https://example.com/courses/hb-101"


def _only(found: list[Diagnostic], code: str) -> Diagnostic:
    assert [d.code for d in found] == [code], [str(d) for d in found]
    return found[0]


def test_valid_tincan_package_passes(packages):
    assert check_package(packages.tincan()) == []


def test_activity_id_that_is_not_an_iri(packages):
    path = packages.tincan(packages.tincan_xml.replace(f'"{COURSE_ID}"', '"hb-101"'))
    d = _only(check_package(path), "check.tincan-activity-id")
    assert str(d.location) == f"{path}!tincan.xml:4:15"
    assert d.message == "activity id 'hb-101' is not an absolute IRI"


def test_activity_without_id(packages):
    path = packages.tincan(packages.tincan_xml.replace(f' id="{COURSE_ID}"', ""))
    d = _only(check_package(path), "check.tincan-activity-id")
    assert d.message == "activity id missing"
    assert str(d.location) == f"{path}!tincan.xml:4:5"


def test_duplicate_activity_ids(packages):
    path = packages.tincan(packages.tincan_xml.replace(f"{COURSE_ID}/final", COURSE_ID))
    d = _only(check_package(path), "check.tincan-activity-duplicate")
    assert str(d.location) == f"{path}!tincan.xml:10:15"


def test_wrong_namespace(packages):
    path = packages.tincan(packages.tincan_xml.replace("projecttincan.com", "example.com"))
    d = _only(check_package(path), "check.tincan-namespace")
    assert str(d.location) == f"{path}!tincan.xml:2:1"


def test_tincan_not_xml(packages):
    path = packages.tincan("<tincan>")
    d = _only(check_package(path), "check.xml")
    assert str(d.location) == f"{path}!tincan.xml:1:9"


def test_no_activities(packages):
    path = packages.tincan(
        '<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities/></tincan>'
    )
    d = _only(check_package(path), "check.tincan-activity-missing")
    assert str(d.location) == f"{path}!tincan.xml:1:1"


def test_launch_file_missing(packages):
    path = packages.tincan(packages.tincan_xml.replace(">index.html<", ">start.html<"))
    d = _only(check_package(path), "check.launch-missing")
    assert str(d.location) == f"{path}!tincan.xml:8:7"
    assert d.message == "launch file 'start.html' is not in the zip"


def test_absolute_launch_url_is_not_looked_up(packages):
    path = packages.tincan(packages.tincan_xml.replace(">index.html<", ">https://cdn.example/c<"))
    assert check_package(path) == []


def test_no_launch(packages):
    path = packages.tincan(
        packages.tincan_xml.replace('<launch lang="en-US">index.html</launch>', "")
    )
    d = _only(check_package(path), "check.tincan-launch-missing")
    assert str(d.location) == f"{path}!tincan.xml:4:5"


def test_only_one_activity_may_launch(packages):
    tincan = packages.tincan_xml.replace(
        '<name lang="en-US">Final assessment</name>',
        '<name lang="en-US">Final assessment</name><launch>index.html</launch>',
    )
    d = _only(check_package(packages.tincan(tincan)), "check.tincan-launch-multiple")
    assert d.location.line == 10


def test_launched_activity_needs_a_name(packages):
    tincan = packages.tincan_xml.replace(
        '<name lang="en-US">Harassment &amp; Bullying Policy</name>', ""
    )
    d = _only(check_package(packages.tincan(tincan)), "check.tincan-name")
    assert (d.severity, d.location.line) == (Severity.ERROR, 4)


def test_other_activities_without_a_name_are_a_warning(packages):
    tincan = packages.tincan_xml.replace('<name lang="en-US">Final assessment</name>', "")
    d = _only(check_package(packages.tincan(tincan)), "check.tincan-name")
    assert d.severity is Severity.WARNING


@pytest.mark.parametrize(
    "value",
    [
        "https://example.com/courses/hb-101",
        "http://example.com:8080/a?b=c#d",
        "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "tag:example.com,2024:hb-101",
        "https://例え.jp/コース/1",
        "https://example.com/a%20b",
    ],
)
def test_absolute_iris(value):
    assert is_absolute_iri(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hb-101",
        "/courses/hb-101",
        "example.com/courses/hb-101",
        "https://example.com/has space",
        "https:///no-host",
        "https:no-authority",
        "C:\\courses\\hb-101",
        "https://example.com/%zz",
        "https://example.com/a#b#c",
        "https://example.com/<script>",
    ],
)
def test_not_absolute_iris(value):
    assert not is_absolute_iri(value)


INTERACTION = """\
    <activity id="https://example.com/courses/hb-101/q1"
              type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name lang="en-US">Q1</name>
      <interactionType>{kind}</interactionType>
      <choices>
        <component><id>a</id><description lang="en-US">A</description></component>
        <component><id>{second}</id><description lang="{lang}">B</description></component>
      </choices>
    </activity>
  </activities>"""


def _with_interaction(packages, kind="choice", second="b", lang="en-US"):
    xml = packages.tincan_xml.replace(
        "  </activities>", INTERACTION.format(kind=kind, second=second, lang=lang))
    return packages.tincan(xml)


def test_well_formed_interaction_passes(packages):
    assert check_package(_with_interaction(packages)) == []


def test_activity_type_must_be_an_iri(packages):
    path = packages.tincan(packages.tincan_xml.replace(
        'type="http://adlnet.gov/expapi/activities/course"', 'type="course"'))
    d = _only(check_package(path), "check.tincan-activity-type")
    assert d.message == "activity type 'course' is not an absolute IRI"
    assert str(d.location).startswith(f"{path}!tincan.xml:5:")


def test_unknown_interaction_type(packages):
    d = _only(check_package(_with_interaction(packages, kind="bogus")),
              "check.tincan-interaction-type")
    assert d.message.startswith("interactionType 'bogus' is not one of xAPI's: choice, fill-in")


def test_duplicate_component_ids(packages):
    d = _only(check_package(_with_interaction(packages, second="a")),
              "check.tincan-component-duplicate")
    assert d.message == "<choices> repeats component id(s) a"


def test_bad_language_tag_warns(packages):
    d = _only(check_package(_with_interaction(packages, lang="english language")),
              "check.tincan-lang")
    assert d.severity is Severity.WARNING
    assert d.message == "lang 'english language' is not a language tag (RFC 5646)"


PATTERN = """\
    <activity id="https://example.com/courses/hb-101/q2"
              type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name lang="en-US">Q2</name>
      <interactionType>{kind}</interactionType>
      <correctResponsePatterns>
        <correctResponsePattern>{pattern}</correctResponsePattern>
      </correctResponsePatterns>
      {components}
    </activity>
  </activities>"""


def _components(name, *ids):
    return f"<{name}>" + "".join(f'<component><id>{i}</id><description lang="en">{i}'
                                 "</description></component>" for i in ids) + f"</{name}>"


CHOICES = _components("choices", "a", "b")
PAIRS = _components("source", "s1", "s2") + _components("target", "t1", "t2")
STEPS = _components("steps", "step1", "step2")
SCALE = _components("scale", "agree", "disagree")


def _with_pattern(packages, kind, pattern, components=""):
    xml = packages.tincan_xml.replace(
        "  </activities>", PATTERN.format(kind=kind, pattern=pattern, components=components))
    return packages.tincan(xml)


@pytest.mark.parametrize(("kind", "pattern", "components"), [
    ("choice", "a[,]b", CHOICES),
    ("choice", "", CHOICES),  # no choice is right
    ("sequencing", "b[,]a", CHOICES),
    ("likert", "agree", SCALE),
    ("matching", "s1[.]t2[,]s2[.]t1", PAIRS),
    ("performance", "step1[.]remove[,]step2[.]1:3", STEPS),
    ("true-false", "false", ""),
    ("fill-in", "{case_matters=true}{lang=en}Any text", ""),
])
def test_patterns_that_name_their_components_pass(packages, kind, pattern, components):
    assert check_package(_with_pattern(packages, kind, pattern, components)) == []


@pytest.mark.parametrize(("kind", "pattern", "components", "named", "allowed"), [
    ("choice", "a[,]z", CHOICES, "'z'", "<choices> component ids"),
    ("sequencing", "b[,]c[,]a", CHOICES, "'c'", "<choices> component ids"),
    ("likert", "neutral", SCALE, "'neutral'", "<scale> component ids"),
    ("matching", "s1[.]t9", PAIRS, "'t9'", "<source> component ids and <target> component ids"),
    ("matching", "s1", PAIRS, "'s1'", "<source> component ids and <target> component ids"),
    ("performance", "step9[.]remove", STEPS, "'step9'", "<steps> component ids"),
    ("true-false", "yes", "", "'yes'", "`true` or `false`"),
])
def test_pattern_naming_an_unknown_component(packages, kind, pattern, components, named,
                                             allowed):
    path = _with_pattern(packages, kind, pattern, components)
    d = _only(check_package(path), "check.tincan-pattern")
    assert d.message == (f"{kind} correctResponsePattern '{pattern}' names {named}, "
                         f"not among {allowed}")
    assert str(d.location).startswith(f"{path}!tincan.xml:19:")
