"""Damaged zips and descriptors never raise: every outcome is a list of coded diagnostics."""

from __future__ import annotations

import random

import pytest

from trainforge.check import check_package

# Fragments that tend to reach the less-travelled paths of the zip reader and the XML checks.
_FRAGMENTS = ['"', "<", "/>", "&", "../", "\x00", "\u202e", "<!DOCTYPE x>", "identifierref=", "#"]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_zips_never_raise(packages, seed):
    rng = random.Random(seed)
    original = (packages.scorm() if seed % 2 else packages.tincan()).read_bytes()
    target = packages.root / "mutant.zip"
    for _ in range(100):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        target.write_bytes(bytes(data))
        assert all(d.code.startswith("check.") for d in check_package(target))


@pytest.mark.parametrize("seed", range(4))
def test_mutated_descriptors_never_raise(packages, seed):
    rng = random.Random(seed)
    for _ in range(25):
        text = list(packages.manifest if seed % 2 else packages.tincan_xml)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(text))
            if rng.random() < 0.4:
                del text[position : position + rng.randint(1, 20)]
            else:
                text[position:position] = list(rng.choice(_FRAGMENTS))
        mutant = "".join(text)
        path = packages.scorm(mutant) if seed % 2 else packages.tincan(mutant)
        assert all(d.code.startswith("check.") for d in check_package(path))
