"""The web site in a real browser: every page of the example's site in headless Chromium (Debian's
chromium driven by Playwright, no browser download), checked by axe-core for WCAG 2.1 A/AA; the
catalogue's search and filters used with the keyboard only; no request leaves the machine; no
horizontal scrolling on a phone. Skipped only outside CI when Chromium, Playwright or axe-core
is missing; with CI set a missing tool fails the test."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zidlochovicko"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium() -> str | None:
    wanted = os.environ.get("KPSS_CHROMIUM")
    if wanted:
        return wanted
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _axe() -> Path:
    prefix = Path(os.environ.get("KPSS_NPM_PREFIX", Path.home() / ".cache" / "kpss-npm"))
    return prefix / "node_modules" / "axe-core" / "axe.min.js"


def _missing() -> str | None:
    if _chromium() is None:
        return "Chromium is not installed (apt-get install chromium)"
    if not _axe().exists():
        return f"axe-core is not installed ({_axe()}; npm install --prefix $KPSS_NPM_PREFIX axe-core)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kpss_cli.site import build_site, write_site
    from kpss_cli.validate import require_valid, validate_repository

    repository = require_valid(validate_repository(EXAMPLE, on=dt.date(2026, 11, 23)))
    target = tmp_path_factory.mktemp("site") / "web"
    write_site(build_site(repository, on=dt.date(2026, 11, 23)), target)
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=_chromium(), headless=True, args=FLAGS
        )
        outside: list[str] = []

        def guard(route) -> None:  # every request that is not a file of the site is refused
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        context.outside = outside  # type: ignore[attr-defined]
        yield context
        context.close()


def _pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


@pytest.mark.slow
def test_every_page_passes_axe_core_wcag_21_aa(browser, site_dir: Path) -> None:
    page = browser.new_page()
    failures: list[str] = []
    pages = _pages(site_dir)
    assert len(pages) > 50  # home, plan, 18 measures, action plans, 22 services, 12 providers …
    for path in pages:
        page.goto((site_dir / path).as_uri())
        page.add_script_tag(path=str(_axe()))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG,
        )
        for violation in result["violations"]:
            targets = [", ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        if not result["passes"] and not result["violations"]:
            pass
    page.close()
    assert not failures, "\n".join(failures)
    assert browser.outside == [], f"the site asked other servers for {browser.outside}"


def _focus_by_tab(page, element_id: str, limit: int = 60) -> int:
    """Press Tab until the element has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} never got the focus with Tab")


def _shown(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#services > li')).filter(li => !li.hidden)"
        ".map(li => li.querySelector('a').textContent.replace(/\u00a0/g, ' '))"
    )


@pytest.mark.slow
def test_search_and_filters_work_with_the_keyboard_alone(browser, site_dir: Path) -> None:
    page = browser.new_page()
    page.goto((site_dir / "katalog" / "index.html").as_uri())
    assert len(_shown(page)) == 22
    assert page.inner_text("#count") == "Zobrazeno 22 z 22 služeb."

    _focus_by_tab(page, "f-q")
    page.keyboard.type("dluh")  # "dluhová" in the name; matching ignores accents and case
    assert _shown(page) == ["Občanská a dluhová poradna Židlochovice"]
    assert page.inner_text("#count") == "Zobrazeno 1 z 22 služeb."
    for _ in range(4):
        page.keyboard.press("Backspace")
    assert len(_shown(page)) == 22

    # The life-situation filter, chosen with the arrow keys: the first situation of the list.
    _focus_by_tab(page, "f-situation")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.getElementById('f-situation').value")
    assert chosen == "pece_o_blizkeho"
    shown = _shown(page)
    # Services whose life_situations name pece_o_blizkeho in the example (counted by hand): 8.
    assert len(shown) == 8, shown
    assert "Odlehčovací služby Oblastní charity Rajhrad" in shown
    assert "Nízkoprahový klub Kotelna Židlochovice" not in shown
    assert page.inner_text("#count") == "Zobrazeno 8 z 22 služeb."

    # Reset with Enter on the button: everything is back.
    page.focus("button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#services > li[hidden]').length === 0")
    assert page.inner_text("#count") == "Zobrazeno 22 z 22 služeb."
    # the skip link is the first stop and leads to the main content
    page.goto((site_dir / "katalog" / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#obsah"
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_fit_the_width(browser, site_dir: Path, tmp_path: Path, width: int) -> None:
    """Home, the catalogue and a measure at desktop and phone width: nothing wider than the
    screen. The screenshots go to $KPSS_SCREENSHOTS when set, for a person to look at."""
    folder = Path(os.environ.get("KPSS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("index.html", "katalog/index.html", "plan/opatreni-1.1.html"):
        page.goto((site_dir / path).as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow} px wide at {width} px"
        shot = folder / f"{path.replace('/', '_').removesuffix('.html')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    page.close()
