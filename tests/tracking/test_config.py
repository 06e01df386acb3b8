"""The tracking config the packagers prepend to the adapters (tracking/config.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from policy_fixture import add_rich_content, make_repo

from trainforge.batch.build import build, load_courses
from trainforge.batch.options import BuildOptions
from trainforge.resolve import resolved
from trainforge.tracking import config, ids


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = make_repo(tmp_path_factory.mktemp("repo"), released=1)
    add_rich_content(course)
    return course


@pytest.fixture(scope="module")
def rich(course_dir: Path) -> resolved.Course:
    return load_courses([course_dir])[0][0]


def test_scorm12_config_names_every_interaction_of_every_role(rich: resolved.Course) -> None:
    data = config.scorm12(rich)
    every = {"check": "{}_check", "assessment": "{}", "pre": "{}_pre"}
    for q in rich.questions.values():
        asked = {ids.role_of(p) for p in rich.pages if q.id in p.questions}
        assert asked
        assert data["questions"][q.id]["ids"] == {
            role: every[role].format(q.id) for role in asked}
        assert data["questions"][q.id]["objectives"] == [
            *q.objectives, *(ids.clause_objective_id(c) for c in q.cites)]
        for step in getattr(q, "steps", ()):
            entry = data["questions"][ids.step_id(q.id, step.id)]
            assert entry["ids"] == {r: every[r].format(f"{q.id}--{step.id}") for r in asked}
            assert entry["type"] == "choice" and entry["set"] is True
    assert {p: v["role"] for p, v in data["pages"].items()} == {
        p.id: ids.role_of(p) for p in rich.pages}
    assert rich.attestation is not None
    assert data["attestation"] == {"id": f"attest-hb-v{rich.attestation.version}",
                                   "objective": "attest-hb", "type": "true-false",
                                   "pattern": "t"}


def test_only_counted_assessments_add_clause_objectives(rich: resolved.Course) -> None:
    for page in rich.pages:
        clauses = [o for o in config.page_objectives(rich, page) if o.startswith("clause-")]
        assert bool(clauses) == (ids.role_of(page) == "assessment" and any(
            rich.questions[q].cites for q in page.questions)), page.id


def test_the_config_is_the_first_line_of_the_adapter(course_dir: Path, tmp_path: Path) -> None:
    options = BuildOptions(xapi_base_iri="https://learning.example-org.test/c")
    made = build([course_dir], ["scorm12", "xapi"], tmp_path, options=options).packages
    heads = {}
    for path in made:
        with zipfile.ZipFile(path) as z:
            heads[path.name.rsplit("-", 1)[1]] = z.read("assets/tf-tracking.js").split(b"\n")[0]
    scorm = heads["scorm12.zip"].decode()
    assert json.loads(scorm[len("self.TF_SCORM12=") : -1])["objectives"][0] == "obj-apply"
    xapi = json.loads(heads["xapi.zip"].decode()[len("self.TF_XAPI=") : -1])
    assert xapi["state"] == ids.STATE_BOOKMARK and xapi["verbs"]["attested"] == ids.VERB_ATTESTED
    assert xapi["extensions"] == {n: ids.extension(n) for n in config.ADAPTER_EXTENSIONS}
