"""Policy files → policy models, each problem located; the registry is built from them in resolve.

Nothing here looks across files: two policies with one id, or one clause in two policies, are
the registry's to find.
"""

from __future__ import annotations

from collections.abc import Sequence

from trainforge.errors import Diagnostic
from trainforge.load.yamlfile import YamlDoc
from trainforge.model.policy import Policy
from trainforge.validate.course import validate_doc


def validate_policies(docs: Sequence[YamlDoc]
                      ) -> tuple[list[tuple[YamlDoc, Policy]], list[Diagnostic]]:
    """Every document that is a valid policy, with its document (for locations)."""
    valid: list[tuple[YamlDoc, Policy]] = []
    problems: list[Diagnostic] = []
    for doc in docs:
        policy, found = validate_doc(doc, Policy)
        problems.extend(found)
        if policy is not None:
            valid.append((doc, policy))
    return valid, problems
