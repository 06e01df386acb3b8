"""The `scorm12` format: zip layout, imsmanifest.xml against the official XSDs, stable
identifiers, reproducible bytes, and the build-time limits lint."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from types import MappingProxyType

import pytest
from click.testing import CliRunner
from lxml import etree
from policy_fixture import add_rich_content, make_repo

from trainforge.batch.build import build, load_courses
from trainforge.batch.options import BuildOptions
from trainforge.check import check_package
from trainforge.cli import main
from trainforge.errors import Severity
from trainforge.package import formats
from trainforge.package.scorm12 import Scorm12Packager, scos, tracked_objectives
from trainforge.resolve import resolved
from trainforge.runtime.statesize import worst_case_state_size
from trainforge.standards.xsd import SCORM12_XSD_NAMES, scorm12_schema
from trainforge.tracking.ids import KEY_CHARS as CHOICE_CHARS
from trainforge.tracking.ids import clause_objective_id, interaction_id, ncname, role_of

ROOT = Path(__file__).resolve().parents[2]
COURSE_DIRS = sorted(p for p in (ROOT / "courses").iterdir() if (p / "course.yaml").is_file())
OFFICIAL_XSDS = Path("/work/shared/standards/scorm12")
NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
SCORMTYPE = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype"
MODES = {"single-sco": BuildOptions(), "sco-per-module": BuildOptions(sco_per_module=True)}
PER_MODULE = MODES["sco-per-module"]


def course_of(course_dir: Path) -> resolved.Course:
    return load_courses([course_dir])[0][0]


def build_zip(course_dir: Path, out: Path, options: BuildOptions = MODES["single-sco"]) -> Path:
    (path,) = build([course_dir], ["scorm12"], out, options=options).packages
    return path


def read(path: Path) -> tuple[dict[str, bytes], etree._Element]:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return files, etree.fromstring(files["imsmanifest.xml"])


@pytest.fixture(
    scope="module",
    params=[(c, m) for c in COURSE_DIRS for m in MODES],
    ids=lambda p: f"{p[0].name}-{p[1]}",
)
def package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[resolved.Course, BuildOptions, Path]:
    course_dir, mode = request.param
    path = build_zip(course_dir, tmp_path_factory.mktemp("scorm12"), MODES[mode])
    return course_of(course_dir), MODES[mode], path


# --- every example course, in both modes ----------------------------------------------------


def test_zip_is_named_by_course_and_version(
    package: tuple[resolved.Course, BuildOptions, Path],
) -> None:
    course, _, path = package
    assert path.name == f"{course.id}-{course.version}-{course.language}-scorm12.zip"


def test_manifest_is_valid_against_the_official_xsds(
    package: tuple[resolved.Course, BuildOptions, Path],
) -> None:
    _, manifest = read(package[2])
    schema = scorm12_schema()
    assert schema.validate(manifest.getroottree()), schema.error_log


def test_check_finds_nothing(package: tuple[resolved.Course, BuildOptions, Path]) -> None:
    assert [str(d) for d in check_package(package[2])] == []


def test_the_four_xsds_ship_at_the_root_byte_for_byte(
    package: tuple[resolved.Course, BuildOptions, Path],
) -> None:
    files, manifest = read(package[2])
    assert set(SCORM12_XSD_NAMES) == {p.name for p in OFFICIAL_XSDS.glob("*.xsd")}
    for name in SCORM12_XSD_NAMES:
        assert files[name] == (OFFICIAL_XSDS / name).read_bytes(), name
    location = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
    assert set(location.split()[1::2]) <= set(files)


def test_resources_list_every_file_and_only_files_in_the_zip(
    package: tuple[resolved.Course, BuildOptions, Path],
) -> None:
    files, manifest = read(package[2])
    resources = {r.get("identifier"): r for r in manifest.iterfind("cp:resources/cp:resource", NS)}
    listed: set[str] = set()
    for sco in [r for r in resources.values() if r.get(SCORMTYPE) == "sco"]:
        # What a SCO uses: its own files and those of the resources it depends on.
        deps = [resources[d.get("identifierref")] for d in sco.iterfind("cp:dependency", NS)]
        own = {f.get("href", "") for r in [sco, *deps] for f in r.iterfind("cp:file", NS)}
        assert sco.get("href") in own
        assert {"assets/tf-core.js", "assets/tf-tracking.js", "assets/tf.css"} <= own
        listed |= own
    content = set(files) - {"imsmanifest.xml", *SCORM12_XSD_NAMES}
    assert listed == content
    assert list(files) == sorted(files)


def test_one_organization_and_masteryscore_from_the_passing_score(
    package: tuple[resolved.Course, BuildOptions, Path],
) -> None:
    course, options, path = package
    _, manifest = read(path)
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    (organization,) = manifest.findall("cp:organizations/cp:organization", NS)
    default = manifest.xpath("string(cp:organizations/@default)", namespaces=NS)
    assert default == organization.get("identifier")
    assert organization.findtext("cp:title", namespaces=NS) == course.title
    items = organization.findall("cp:item", NS)
    mastery = [i.findtext("adlcp:masteryscore", namespaces=NS) for i in items]
    completion = course.completion
    retake_left = completion.report_failed != "immediately" and completion.max_attempts != 1
    passing = None if retake_left else str(completion.passing_score)
    if options.sco_per_module:
        assert [i.findtext("cp:title", namespaces=NS) for i in items] == [
            m.title for m in course.modules
        ]
        with_test = [  # a pre-test alone does not count: no mastery score
            any(
                course.page(p).kind == "assessment" and course.page(p).role != "pre"
                for p in m.pages
            )
            for m in course.modules
        ]
        assert mastery == [passing if t else None for t in with_test]
    else:
        assert [i.findtext("cp:title", namespaces=NS) for i in items] == [course.title]
        assert mastery == [passing]


# --- identifiers and bytes -----------------------------------------------------------------


def test_identifiers_derive_from_course_and_module_ids(tmp_path: Path) -> None:
    hb = ROOT / "courses" / "harassment-bullying"
    _, single = read(build_zip(hb, tmp_path / "a"))
    _, split = read(build_zip(hb, tmp_path / "b", PER_MODULE))
    ids = [e.get("identifier") for e in single.iter() if e.get("identifier")]
    assert ids == ["MANIFEST-hb-101.1.0.0", "ORG-hb-101", "ITEM-hb-101", "RES-hb-101"]
    ids = [e.get("identifier") for e in split.iter() if e.get("identifier")]
    assert ids == [
        "MANIFEST-hb-101.1.0.0",
        "ORG-hb-101",
        "ITEM-hb-101.m1",
        "ITEM-hb-101.m2",
        "ITEM-hb-101.m3",
        "ITEM-hb-101.m4",
        "RES-hb-101.m1",
        "RES-hb-101.m2",
        "RES-hb-101.m3",
        "RES-hb-101.m4",
        "ASSETS-hb-101",
    ]
    hrefs = [r.get("href") for r in split.iterfind("cp:resources/cp:resource", NS)]
    assert hrefs == ["module-m1.html", "module-m2.html", "module-m3.html", "module-m4.html", None]


def test_ncname_is_always_an_xml_id() -> None:
    assert ncname("ORG-hb-101") == "ORG-hb-101"
    assert ncname("101", "1.0.0-rc.1") == "_101.1.0.0-rc.1"
    assert ncname("a b", "c:d+e") == "a_b.c_d_e"


@pytest.mark.parametrize("mode", MODES)
def test_rebuilding_gives_identical_bytes(tmp_path: Path, mode: str) -> None:
    for course_dir in COURSE_DIRS:
        first = build_zip(course_dir, tmp_path / "one", MODES[mode])
        second = build_zip(course_dir, tmp_path / "two", MODES[mode])
        assert first.read_bytes() == second.read_bytes()


def test_a_multi_format_build_keeps_only_the_scos_entry_pages(tmp_path: Path) -> None:
    hb = ROOT / "courses" / "harassment-bullying"
    paths = build([hb], ["web", "scorm12"], tmp_path, options=PER_MODULE).packages
    scorm = next(p for p in paths if p.name.endswith("-scorm12.zip"))
    files, _ = read(scorm)
    assert sorted(n for n in files if "/" not in n and n.endswith(".html")) == [
        "module-m1.html",
        "module-m2.html",
        "module-m3.html",
        "module-m4.html",
    ]


def test_cli_builds_one_sco_per_module(tmp_path: Path) -> None:
    hb = ROOT / "courses" / "harassment-bullying"
    result = CliRunner().invoke(
        main, ["build", str(hb), "--format", "scorm12", "--sco-per-module", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    _, manifest = read(tmp_path / "hb-101-1.0.0-en-scorm12.zip")
    assert len(manifest.findall(".//cp:item", NS)) == 4


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rule": "viewed", "report_failed": "immediately"}, None),  # no score decides
        ({"max_attempts": 3}, None),  # "incomplete" + a low score would become "failed"
        ({"max_attempts": 0}, None),  # unlimited retakes: the same
        ({"max_attempts": 1}, "80"),  # one attempt: a failure is final anyway
        ({"max_attempts": 3, "report_failed": "immediately"}, "80"),  # the LMS counts attempts
    ],
    ids=["viewed", "retakes", "unlimited", "one-attempt", "report-failed-immediately"],
)
def test_masteryscore_only_where_the_lms_may_judge_the_score(
    changes: dict[str, object], expected: str | None
) -> None:
    """RTE 3.4.2.1.7: an LMS may turn a status into passed/failed by the mastery score (Moodle)."""
    course = course_of(ROOT / "courses" / "harassment-bullying")
    judged = dataclasses.replace(
        course, completion=dataclasses.replace(course.completion, **changes)  # type: ignore[arg-type]
    )
    site = {"index.html": b"", "assets/tf-core.js": b""}
    package = Scorm12Packager().package(judged, site, BuildOptions())
    manifest = etree.fromstring(package.files["imsmanifest.xml"])
    assert manifest.findtext(".//adlcp:masteryscore", namespaces=NS) == expected


# --- the limits lint ------------------------------------------------------------------------


def lint(course: resolved.Course, options: BuildOptions = MODES["single-sco"]) -> list[str]:
    found = formats.get("scorm12").check(course, options)
    assert all(d.severity is Severity.ERROR for d in found)
    return [f"{d.code}: {d.message}" for d in found]


def test_example_courses_fit_with_room_to_spare() -> None:
    for course_dir in COURSE_DIRS:
        course = course_of(course_dir)
        assert lint(course) == [] and lint(course, PER_MODULE) == []
        assert worst_case_state_size(course) < 4096 // 4


def many_questions(count: int, per_module: int) -> resolved.Course:
    """hb-101 reshaped: ``count`` copies of one question, asked by one assessment per module."""
    course = course_of(ROOT / "courses" / "harassment-bullying")
    base = next(iter(course.questions.values()))
    questions = {f"q{n}": dataclasses.replace(base, id=f"q{n}") for n in range(count)}
    ids = list(questions)
    chunks = [tuple(ids[i : i + per_module]) for i in range(0, count, per_module)]
    pages = tuple(
        resolved.Page(f"test-{n}", f"Test {n}", "assessment", f"m{n}", (), chunk, "", "")
        for n, chunk in enumerate(chunks)
    )
    modules = tuple(resolved.Module(f"m{n}", f"M{n}", (f"test-{n}",)) for n in range(len(chunks)))
    return dataclasses.replace(
        course, pages=pages, modules=modules, questions=MappingProxyType(questions)
    )


def test_a_course_whose_state_cannot_fit_is_refused_naming_course_and_figure() -> None:
    course = many_questions(400, per_module=200)
    size = worst_case_state_size(course)
    assert size > 4096
    assert lint(course) == [
        f"scorm12.suspend-data: course `hb-101`: the saved learner state can reach {size} "
        "characters; SCORM 1.2 cmi.suspend_data holds at most 4096"
    ]
    # One SCO per module saves one state per module, and each of these fits.
    assert lint(course, PER_MODULE) == []
    too_big = many_questions(600, per_module=600)
    size = worst_case_state_size(too_big, ["m0"])
    assert lint(too_big, PER_MODULE) == [
        f"scorm12.suspend-data: course `hb-101`, module `m0`: the saved learner state can reach "
        f"{size} characters; SCORM 1.2 cmi.suspend_data holds at most 4096"
    ]


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> resolved.Course:
    """The policy fixture course: every question type, a pooled assessment, an attestation."""
    course_dir = make_repo(tmp_path_factory.mktemp("repo"), released=1)
    add_rich_content(course_dir)
    return course_of(course_dir)


def widened(question: resolved.Question, field: str) -> resolved.Question:
    """``question`` with one more entry in ``field`` than single characters can name."""
    many = len(CHOICE_CHARS) + 1
    if field == "step choices":
        step = question.steps[0]
        options = tuple(dataclasses.replace(step.options[0], id=f"o{n}") for n in range(many))
        return dataclasses.replace(question, steps=(dataclasses.replace(step, options=options),))
    first = getattr(question, field)[0]
    return dataclasses.replace(
        question, **{field: tuple(dataclasses.replace(first, id=f"x{n}") for n in range(many))}
    )


@pytest.mark.parametrize(
    ("qid", "field", "named"),
    [
        ("q-apply", "options", "options"),
        ("mod-1", "options", "options"),
        ("match-1", "sources", "sources"),
        ("match-1", "targets", "targets"),
        ("order-1", "items", "items"),
        ("case-1", "steps", "steps"),
        ("case-1", "step choices", "choices in step `start`"),
    ],
)
def test_lists_that_cannot_map_to_single_characters_are_refused(
    rich: resolved.Course, qid: str, field: str, named: str
) -> None:
    wide = widened(rich.questions[qid], field)
    course = dataclasses.replace(rich, questions=MappingProxyType({**rich.questions, qid: wide}))
    assert lint(course) == [
        f"scorm12.choice-options: question `{qid}` has 37 {named}; SCORM 1.2 responses are "
        f"single characters 0-9/a-z, so at most 36 {named} can be reported"
    ]


def test_objectives_per_policy_clause_and_attestation(rich: resolved.Course) -> None:
    """Learning objectives, then the clauses the assessment scores, then the attestation."""
    assert lint(rich) == [] and lint(rich, PER_MODULE) == []
    (sco,) = scos(rich, BuildOptions())
    assert tracked_objectives(rich, sco) == [
        "obj-apply",
        "clause-HB-1",
        "clause-HB-3_2",
        "attest-hb",
    ]
    lessons, test = scos(rich, PER_MODULE)
    assert tracked_objectives(rich, lessons) == ["obj-apply", "attest-hb"]
    assert tracked_objectives(rich, test)[1:3] == ["clause-HB-1", "clause-HB-3_2"]
    assert clause_objective_id("HB-3.2.1") == "clause-HB-3_2_1"


def test_a_pre_test_reports_apart_and_scores_no_clause(rich: resolved.Course) -> None:
    """A pre-test may ask the post-test's questions (its records end in `_pre`)."""
    final = rich.page("final")
    pre = dataclasses.replace(final, id="baseline", role="pre", pool=())
    modules = tuple(
        dataclasses.replace(m, pages=("baseline", *m.pages)) if m.id == "check" else m
        for m in rich.modules
    )
    course = dataclasses.replace(rich, pages=(*rich.pages, pre), modules=modules)
    assert lint(course) == []
    assert interaction_id("mod-1", role_of(pre)) == "mod-1_pre"
    # A course whose only assessment is a pre-test scores no clause.
    as_pre = dataclasses.replace(final, role="pre")
    only_pre = dataclasses.replace(rich, pages=(*rich.pages[:-1], as_pre))
    (sco,) = scos(only_pre, BuildOptions())
    assert tracked_objectives(only_pre, sco) == ["obj-apply", "attest-hb"]


def test_tracking_ids_that_clash_are_refused(rich: resolved.Course) -> None:
    objectives = (*rich.objectives, resolved.Objective("attest-hb", "Clashes"))
    page = rich.page("applying")
    taught = dataclasses.replace(page, objectives=(*page.objectives, "attest-hb"))
    q = rich.questions["q-context"]
    course = dataclasses.replace(
        rich,
        objectives=objectives,
        pages=tuple(taught if p.id == "applying" else p for p in rich.pages),
        questions=MappingProxyType({**rich.questions, "attest-hb-v2": q}),
    )
    final = course.page("final")
    course = dataclasses.replace(
        course,
        pages=tuple(
            dataclasses.replace(p, questions=(*p.questions, "attest-hb-v2")) if p == final else p
            for p in course.pages
        ),
    )
    assert lint(course) == [
        "scorm12.interaction-id: course `c`: question `attest-hb-v2` would report "
        "`attest-hb-v2`, the attestation's interaction id",
        "scorm12.objective-id: course `c`: the learning objective `attest-hb` has the id the "
        "course reports for its attestation",
    ]


def test_more_objectives_than_lmss_hold_is_a_warning(rich: resolved.Course) -> None:
    clauses = ("HB-3.2", *(f"HB-{n}" for n in range(1, 100)))  # 100 the assessment cites
    policy = dataclasses.replace(rich.policies[0], clauses=clauses)
    questions = {
        k: dataclasses.replace(q, cites=clauses) if k == "q-context" else q
        for k, q in rich.questions.items()
    }
    course = dataclasses.replace(rich, policies=(policy,), questions=MappingProxyType(questions))
    found = formats.get("scorm12").check(course, BuildOptions())
    assert [(d.severity, d.code) for d in found] == [(Severity.WARNING, "scorm12.objectives")]
    assert found[0].message == (
        "course `c`: reports 102 objectives (learning objectives, policy clauses and the "
        "attestation); many LMSs hold at most 100"
    )


def test_a_question_asked_by_two_assessments_of_one_sco_is_refused() -> None:
    course = course_of(ROOT / "courses" / "harassment-bullying")
    final = course.pages[-1]
    again = dataclasses.replace(final, id="hb-final-2", module="m3")
    modules = tuple(
        dataclasses.replace(m, pages=(*m.pages, "hb-final-2")) if m.id == "m3" else m
        for m in course.modules
    )
    course = dataclasses.replace(course, pages=(*course.pages, again), modules=modules)
    found = lint(course)
    # Every question, and each step of a scenario (its own record), clashes.
    steps = {qid: getattr(q, "steps", ()) for qid, q in course.questions.items()}
    assert len(found) == sum(1 + len(steps[q]) for q in final.questions)
    assert found[0] == (
        f"scorm12.interaction-id: course `hb-101`: question `{final.questions[0]}` is asked by "
        f"assessments `hb-final-2` and `hb-final`; both would report the interaction id "
        f"`{final.questions[0]}`"
    )
    # In separate SCOs the two records never meet.
    assert lint(course, PER_MODULE) == []
