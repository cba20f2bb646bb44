"""The app in a real browser: `streamlit run app.py`, driven by headless Chromium via Playwright."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import make_alignment

from align import corpus, store

CHROMIUM = "/usr/bin/chromium"
APP_DIR = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script> **bold**"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path):
    texts = tmp_path_factory.mktemp("browser") / "texts"
    shutil.copytree(corpus.TEXTS_DIR, texts, ignore=shutil.ignore_patterns("*.parquet", "*.history", "*.lock"))
    hostile = texts / "hostile"
    hostile.mkdir()
    (hostile / "meta.json").write_text(json.dumps({"id": "hostile", "title": "hostile", "texts": [
        {"file": "en.txt", "lang": "en", "role": "translation"}, {"file": "ru.txt", "lang": "ru", "role": "original"}]}))
    store.write_parquet(make_alignment(["A quiet line.", SCRIPT], ["Тихая строка.", "Вторая строка."],
                                       [((0,), (0,)), ((1,), (1,))]), corpus.load_pair(hostile).alignment_path)
    port = free_port()
    env = dict(os.environ, ALIGN_TEXTS_DIR=str(texts), ALIGN_CACHE_DIR=str(cache_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=APP_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("streamlit did not start")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    page.screenshot(path=str(tmp_path / "screen.png"))
    page.close()


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def test_english_and_russian_side_by_side(server, page):
    page.goto(server)
    english = page.get_by_text("Such is the composition of that new social group").first
    english.wait_for(timeout=120_000)
    english.scroll_into_view_if_needed()
    russian = page.get_by_text("Таков состав").first
    assert on_screen(page, english) and on_screen(page, russian)
    assert page.get_by_text("working translation, NOT the original").first.is_visible()


def test_meaning_search_twice_jumps_to_the_bead(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_text("meaning", exact=True).click()
    box = page.get_by_placeholder("words in either language, a regex, or a meaning")
    for query in ("the economic breakdown", "состав новой социальной группы"):  # each search runs in a new thread
        box.fill("")
        box.press("Enter")
        page.get_by_role("button", name="Bead").first.wait_for(state="detached", timeout=60_000)
        box.fill(query)
        box.press("Enter")
        page.get_by_role("button", name="Bead").first.wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
    page.get_by_role("button", name="Bead").first.click()
    marker = page.get_by_text("▶ here")
    marker.wait_for(timeout=30_000)
    marker.scroll_into_view_if_needed()
    assert on_screen(page, page.get_by_text("Таков состав").first)


def test_hostile_text_is_shown_literally_and_never_runs(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Pair").click()
    page.get_by_role("option", name="hostile").click()
    shown = page.get_by_text(SCRIPT, exact=True)
    shown.wait_for(timeout=60_000)
    assert shown.is_visible()
    assert page.dialogs == []
    assert page.locator("strong, em", has_text="bold").count() == 0


def test_two_uploaded_files_in_any_encoding(server, page, tmp_path):
    english, russian = tmp_path / "mine.en.txt", tmp_path / "mine.ru.txt"
    english.write_text("The ship reached Bantry. Nobody was there.\n", encoding="utf-8")
    russian.write_bytes("Корабль пришел в Бантри. Там никого не было.\n".encode("cp1251"))
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_text("Two files of my own").click()
    uploads = page.locator("input[type=file]")
    uploads.first.wait_for(state="attached")
    uploads.nth(0).set_input_files(str(english))
    uploads.nth(1).set_input_files(str(russian))
    page.get_by_role("button", name="Align these files").click()
    page.get_by_text("Корабль пришел в Бантри.").first.wait_for(timeout=60_000)
    assert page.get_by_text("mine.ru.txt").first.is_visible()


def test_clicking_a_word_lights_up_its_counterpart(server, page):
    page.goto(server)
    word = page.locator(".wl-0 .s3")  # "Soviet" in the title bead
    word.wait_for(timeout=120_000)
    assert word.inner_text() == "Soviet"
    russian = page.locator(".wl-0 .wl-side").nth(1).locator(".w")
    backgrounds = "spans => spans.map(e => getComputedStyle(e).backgroundColor)"
    before = russian.evaluate_all(backgrounds)
    word.click()
    after = russian.evaluate_all(backgrounds)
    lit = [k for k, (a, b) in enumerate(zip(before, after)) if a != b]
    assert [russian.nth(k).inner_text().lower() for k in lit] == ["советские"]  # and nothing else


def test_renderings_view_lists_the_renderings_of_soviet(server, page):
    page.goto(server)
    page.locator(".wl-0").wait_for(timeout=120_000)
    page.get_by_text("Renderings: how was a word translated?").click()
    box = page.get_by_placeholder("a word in either language, any form")
    box.fill("Soviet")
    box.press("Enter")
    page.get_by_text("советских ×").first.wait_for(timeout=30_000)
    assert page.get_by_test_id("stException").count() == 0
