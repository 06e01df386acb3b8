"""Two ids saved under one saved-state key are a build error, located at both of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainforge.batch.build import build
from trainforge.commands.new import scaffold
from trainforge.errors import TrainforgeError
from trainforge.runtime.statesize import id_key

# Found by counting up `final/q-N` until two keys met (FNV-1a 32-bit mod 36^5, in base 36).
FIRST, SECOND = "q-31789", "q-42224"


def test_the_pair_shares_a_key_that_no_other_slot_of_the_page_has() -> None:
    assert id_key(f"final/{FIRST}") == id_key(f"final/{SECOND}") == "q0ons"
    assert id_key(f"applying/{FIRST}") != id_key(f"final/{FIRST}")


def test_question_slots_sharing_a_key_fail_the_build_located_at_both(tmp_path: Path) -> None:
    course = tmp_path / "c"
    scaffold(course)
    for rel in ("course.yaml", "questions/bank.yaml", "lessons/02-applying.md"):
        text = (course / rel).read_text()
        (course / rel).write_text(text.replace("q-apply", FIRST).replace("q-context", SECOND))
    with pytest.raises(TrainforgeError) as info:
        build([course], ["web"], tmp_path / "dist")
    [problem] = info.value.diagnostics
    bank = f"{course}/questions/bank.yaml"
    assert (problem.code, str(problem.location)) == ("state.key-collision", f"{bank}:15:9")
    assert problem.message.startswith(
        f"question slot `final/{SECOND}` is saved under the same key `q0ons` as "
        f"`final/{FIRST}` at {bank}:3:9;")
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())
