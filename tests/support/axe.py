"""Accessibility checks with axe-core, the engine behind Lighthouse and Deque's tools.

Policy training is often mandatory, so every learner must be able to take it: built pages are
held to WCAG 2.0 and 2.1, levels A and AA, as many public-sector buyers require.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Frame, Page

from support.paths import require_node_package

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@cache
def _axe_source() -> str:
    return (require_node_package("axe-core") / "axe.min.js").read_text(encoding="utf-8")


def _frames(root: Frame) -> list[Frame]:
    frames = [root]
    for child in root.child_frames:
        frames.extend(_frames(child))
    return frames


def axe_violations(
    target: Page | Frame, *, tags: tuple[str, ...] = WCAG_TAGS
) -> list[dict[str, Any]]:
    """Run axe on `target` (and the frames inside it); return its `violations` list.

    axe is injected through Playwright's evaluate, which the page's Content-Security-Policy does
    not block (a `<script>` tag would be), into every descendant frame too, since axe checks
    iframe content only where it is loaded. Each violation is axe's dict: id, impact, help,
    helpUrl, nodes[{target, html, failureSummary}].
    """
    root = target.main_frame if isinstance(target, Page) else target
    for frame in _frames(root):
        # Colours are checked as they end up: a control just enabled may be mid-transition.
        frame.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')"
        )
        frame.evaluate(_axe_source())
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = root.evaluate(
        "async options => (await window.axe.run(document, options)).violations", options
    )
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per failing element, for an assertion message a human can act on."""
    lines = []
    for violation in violations:
        for node in violation.get("nodes", []):
            lines.append(
                f"[{violation.get('impact')}] {violation['id']}: {violation.get('help')} "
                f"at {', '.join(map(str, node.get('target', [])))}"
            )
    return "\n".join(lines)
