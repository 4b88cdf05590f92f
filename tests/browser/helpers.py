"""Helpers for the browser tests: axe-core checks, focus, screenshots.

Playwright is imported lazily (see conftest.py), so the page parameters are
left unannotated.
"""

from pathlib import Path

from tests.browser import environment

SCREENSHOTS_DIR = environment.BROWSER_DIR.parent.parent / "docs" / "screenshots"
# WCAG 2.1 A and AA, and axe's best practices.
AXE_RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Presses of Tab that tab_to() allows: a trap or a missing control fails.
MAX_TABS = 40
# What fails a test; "moderate" and "minor" are for people to weigh.
FAILING_IMPACTS = {"serious", "critical"}


def axe(page) -> list[dict]:
    """Run axe-core on the page as it is now; its violations, as axe gives them."""
    # Evaluated through the DevTools protocol, not added as an inline script:
    # the site's Content-Security-Policy allows no inline script, rightly.
    page.evaluate(environment.AXE_SCRIPT.read_text())
    results = page.evaluate("tags => axe.run(document, {runOnly: tags})", AXE_RULE_TAGS)
    return results["violations"]


def describe(violations: list[dict]) -> str:
    """One block per violation: rule, impact, what it asks, where it is."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        # A node's target is a list of selectors (more than one in iframes).
        lines += [f"    {' '.join(node['target'])}" for node in violation["nodes"]]
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail on every serious or critical axe violation on the page."""
    violations = [v for v in axe(page) if v["impact"] in FAILING_IMPACTS]
    assert not violations, (
        f"{len(violations)} serious or critical accessibility violation(s) "
        f"on {page.url}:\n{describe(violations)}"
    )


def focus_indicator(page) -> dict[str, str]:
    """The focused element's tag and the styles that would show its focus."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                text: element.textContent.trim(),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
                boxShadow: style.boxShadow,
            };
        }"""
    )


def has_visible_focus(style: dict[str, str]) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] != "0px"
    return outline or style["boxShadow"] != "none"


def active(page, script: str):
    """`script` (a function of the focused element) evaluated in the page."""
    return page.evaluate(f"() => ({script})(document.activeElement)")


def tab_to(page, script: str) -> int:
    """Press Tab until `script` holds for the focused element; the presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if active(page, script):
            return presses
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {script}")


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save what the viewport shows (or the whole page) as
    docs/screenshots/<name>.png.

    The README shows these: the tests that take them keep them current.
    """
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
