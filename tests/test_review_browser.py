"""The review page in a real browser: Debian's Chromium driven by Selenium against a real
``zhen review`` server. Opens the overview, opens a pair, merges two beads with the
keyboard, reloads and sees the merge, approves a term, exports the TMX and finds the merged
unit in it; saves a screenshot and prints the time from start to first paint.

Skipped, with the reason, where Chromium or its driver is not installed (outside CI; CI's
``.ci/run`` installs them, and there a missing browser fails the test)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_review_api import MARKUP, make_folder

from align.exports.memory import REVIEWED_PROP
from align.exports.tmx import read_tmx

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
_MISSING = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
if _MISSING and not os.environ.get("CI"):
    pytest.skip(f"no browser to drive: {', '.join(_MISSING)} not installed (apt-get install "
                "chromium chromium-driver; .ci/run does it in CI)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow
WAIT = 30


@pytest.fixture()
def server(tmp_path):
    """A real ``zhen review`` process on a free port; stopped with Ctrl-C afterwards."""
    folder = make_folder(tmp_path / "out")
    proc = subprocess.Popen([sys.executable, "-m", "zhen", "review", str(folder), "--port", "0",
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    url = None
    deadline = time.monotonic() + 60
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "zhen review: http://" in line:
            url = line.split("zhen review: ", 1)[1].split()[0]
    try:
        assert url, proc.stderr.read() if proc.stderr else "no address"
        yield url, folder
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.fixture()
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="zhen-chromium-")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(driver, test, what: str):
    # The page re-renders its views whole: an element found a moment ago may be gone.
    return WebDriverWait(driver, WAIT, poll_frequency=0.05, ignored_exceptions=(
        NoSuchElementException, StaleElementReferenceException)).until(
        lambda d: test(d), message=f"waiting for {what}")


def _key(driver, key: str) -> None:
    driver.find_element(By.TAG_NAME, "body").send_keys(key)


def _bead_ids(driver, k: int) -> str:
    return driver.find_element(By.ID, f"bead-{k}").get_attribute("data-ids")


def test_review_in_a_real_browser(server, browser, tmp_path):
    url, folder = server
    start = time.perf_counter()
    browser.get(url)
    # The overview: one row per case pair, with its counts.
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pairs tbody tr"), "the overview")
    paint = browser.execute_script(
        "const p = performance.getEntriesByType('paint'); const n = "
        "performance.getEntriesByType('navigation')[0]; return {fp: (p.find(e => e.name === "
        "'first-paint') || {}).startTime, fcp: (p.find(e => e.name === "
        "'first-contentful-paint') || {}).startTime, load: n.loadEventEnd};")
    print(f"\nreview page: first paint {paint['fp']:.0f} ms, first contentful paint "
          f"{paint['fcp']:.0f} ms, load {paint['load']:.0f} ms after navigation start; "
          f"overview shown {1000 * (time.perf_counter() - start):.0f} ms after driver.get")
    assert paint["fp"] is not None and paint["fp"] > 0
    assert "Unpaired cases" in browser.find_element(By.ID, "main").text
    assert browser.find_elements(By.CSS_SELECTOR, "#keys kbd")  # the shortcuts are shown

    # Open the pair with the keyboard; markup in the corpus shows as text, never as markup.
    _key(browser, "\n")
    _wait(browser, lambda d: d.find_elements(By.ID, "bead-0"), "the pair view")
    assert MARKUP in browser.find_element(By.ID, "bead-2").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#beads img, #beads script")
    assert _bead_ids(browser, 0) == "[0]:[0]" and _bead_ids(browser, 1) == "[1]:[1,2]"

    # Merge the first two beads with the keyboard, then reload: the merge is still there.
    _key(browser, "m")
    _wait(browser, lambda d: _bead_ids(d, 0) == "[0,1]:[0,1,2]", "the merge")
    browser.refresh()
    _wait(browser, lambda d: d.find_elements(By.ID, "bead-0"), "the pair view after reload")
    assert _bead_ids(browser, 0) == "[0,1]:[0,1,2]"
    assert "reviewed" in browser.find_element(By.ID, "bead-0").text
    # Jump to the untranslated bead and mark it as furniture, by keyboard too.
    _key(browser, "u")
    _wait(browser, lambda d: "sel" in d.find_element(By.ID, "bead-1").get_attribute("class"),
          "the next untranslated bead")
    _key(browser, "f")
    _wait(browser, lambda d: d.find_element(By.ID, "bead-1").get_attribute("data-kind")
          == "furniture", "the furniture mark")

    # Approve a term in the glossary view.
    _key(browser, "g")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#entries tbody tr"), "the glossary")
    _wait(browser, lambda d: d.find_elements(By.ID, "approve"), "the term detail")
    _key(browser, "a")
    _wait(browser, lambda d: "approved" in d.find_element(
        By.CSS_SELECTOR, "#entries tr.sel").text, "the approval")
    browser.refresh()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#entries tbody tr"), "reload")
    first = browser.find_elements(By.CSS_SELECTOR, "#entries tbody tr")[0]
    assert first.get_attribute("data-zh") == "碳中和" and "approved" in first.text

    # Export the reviewed TMX; the merged unit is in it, marked as reviewed.
    browser.find_element(By.ID, "export-tmx").click()
    _wait(browser, lambda d: "zhen.tmx" in d.find_element(By.ID, "status").text, "the export")
    units = read_tmx(folder / "zhen.tmx")
    merged = [u for u in units if u.prop("x-zh-ids") == "0,1"]
    assert len(merged) == 1 and merged[0].prop(REVIEWED_PROP) == "yes"
    assert merged[0].en == "Carbon neutrality title\nFirst, part one\nfirst, part two"

    browser.get(url + "#/pair/1")
    _wait(browser, lambda d: d.find_elements(By.ID, "bead-0"), "the pair view")
    shot = tmp_path / "review.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
