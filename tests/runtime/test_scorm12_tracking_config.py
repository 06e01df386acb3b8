"""The SCORM 1.2 adapter reports exactly the ids, keys and patterns the build prepended
(`self.TF_SCORM12`, tracking/config.py): it derives none of its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from test_scorm12_lms import HB, assert_clean_protocol, build_package, finished, interactions
from test_scorm12_lms import launch as start
from test_scorm12_lms import objectives as lms_objectives

PREFIX = "self.TF_SCORM12="


def renamed(config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Every id and key of ``config`` replaced by one no id rule would produce; and the new
    objective ids by the old."""
    new = {o: f"o{n}" for n, o in enumerate(config["objectives"])}
    if config["attestation"]:
        new[config["attestation"]["objective"]] = "o-attested"
        config["attestation"].update(id="i-attested", objective="o-attested", pattern="t")
    config["objectives"] = [new[o] for o in config["objectives"]]
    for page in config["pages"].values():
        page.update(taught=[new[o] for o in page["taught"]],
                    scores=[new[o] for o in page["scores"]])
    for n, q in enumerate(config["questions"].values()):
        q["ids"] = {role: f"i{n}-{role}" for role in q["ids"]}
        q["objectives"] = [new[o] for o in q["objectives"]]
        q["keys"] = [{k: "z" for k in table} for table in q["keys"]]
        q["pattern"] = f"p{n}"
    return config, new


def test_the_adapter_writes_what_the_config_says(
    scorm12: Scorm12Launcher, page_log: PageLog, tmp_path: Path
) -> None:
    built = build_package(HB, tmp_path)
    script = built.root / "assets" / "tf-tracking.js"
    head, rest = script.read_text("utf-8").split("\n", 1)
    assert head.startswith(PREFIX) and head.endswith(";")
    config, new = renamed(json.loads(head[len(PREFIX) : -1]))
    script.write_text(PREFIX + json.dumps(config) + ";\n" + rest, "utf-8")

    session = scorm12(built.root)
    start(session, built.info).run()
    finished(session)
    records = interactions(session)
    assert records
    by_id = {i: q for q in config["questions"].values() for i in q["ids"].values()}
    attested = config["attestation"]
    if attested:
        by_id[attested["id"]] = {"type": "true-false", "pattern": "t",
                                 "objectives": [attested["objective"]]}
    for r in records:
        q = by_id[r["id"]]
        assert r["type"] == q["type"]
        assert r["correct_responses"]["0"]["pattern"] == q["pattern"]
        assert set(r["student_response"]) <= set("z,.t")
        tagged = [o["id"] for o in r["objectives"].values() if isinstance(o, dict)]
        assert tagged == q["objectives"]
    assert list(lms_objectives(session)) == [new[o] for o in built.objectives]
    assert_clean_protocol(session, page_log)
