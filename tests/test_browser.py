"""The app in a real browser: `streamlit run app.py`, driven by headless Chromium via Playwright."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_alignment

from align import corpus, store

CHROMIUM = "/usr/bin/chromium"
PRINCE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "prince-5way"
APP_DIR = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script> **bold**"
EDITABLE = 12
HIT = re.compile(r"^Bead \d+")  # a search hit's button (not "Next doubtful bead")

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


FIVE_ROWS = 60
FIVE = ("fr", "en", "de", "ru", "zh")


def make_five(folder: Path) -> None:
    """A work of five texts, aligned by hand: row i holds sentence i of each (text 3 joins 20 and 21)."""
    from align import multi
    from align.records import Alignment, Bead, Sentence, Side

    def side(lang: str) -> Side:
        return Side(tuple(Sentence(i, f"{lang} sentence number {i} here.") for i in range(FIVE_ROWS)), lang,
                    f"{lang}.txt", "", "original" if lang == "fr" else "translation")

    pivot = side("fr")
    pairs = []
    for lang in FIVE[1:]:
        beads = [Bead((i,), (i,), 0.9) for i in range(FIVE_ROWS)]
        pairs.append(Alignment(pivot, side(lang), tuple(beads), "m"))
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"id": "five", "title": "Five texts", "texts": [
        {"file": f"{lang}.txt", "lang": lang, "role": "original" if lang == "fr" else "translation"} for lang in FIVE]}))
    for lang in FIVE:
        (folder / f"{lang}.txt").write_text("\n".join(f"{lang} sentence number {i} here." for i in range(FIVE_ROWS)))
    store.write_parquet(multi.merge(pairs), corpus.load_work(folder).alignment_path)


class Server(str):
    """The app's address, with the texts folder it serves."""

    texts: Path


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
                                       [((0,), (0,)), ((1,), (1,))]), corpus.load_work(hostile).alignment_path)
    editable = texts / "editable"  # for edits, which would change what other tests see in Sorin
    editable.mkdir()
    (editable / "meta.json").write_text((hostile / "meta.json").read_text().replace("hostile", "editable"))
    store.write_parquet(make_alignment([f"Line {i}." for i in range(EDITABLE)], [f"Строка {i}." for i in range(EDITABLE)],
                                       [((i,), (i,)) for i in range(EDITABLE)]), corpus.load_work(editable).alignment_path)
    review = texts / "review"  # a pair to review: beads 3 and 7 doubtful
    review.mkdir()
    (review / "meta.json").write_text((hostile / "meta.json").read_text().replace("hostile", "review"))
    doubtful = make_alignment([f"Line {i}." for i in range(EDITABLE)], [f"Строка {i}." for i in range(EDITABLE)],
                              [((i,), (i,)) for i in range(EDITABLE)])
    doubtful = replace(doubtful, beads=tuple(replace(b, score=0.3) if n in (3, 7) else b for n, b in enumerate(doubtful.beads)))
    store.write_parquet(doubtful, corpus.load_work(review).alignment_path)
    make_five(texts / "five")
    if PRINCE.is_dir():  # a work of five texts, aligned by the app when chosen
        work = texts / "prince-5way"
        shutil.copytree(PRINCE, work)
        (work / "meta.json").write_text(json.dumps({"id": "prince-5way", "title": "Le Petit Prince", "texts": [
            {"file": "fr.txt", "lang": "fr", "role": "original"},
            *({"file": f"{lang}.txt", "lang": lang, "role": "translation"} for lang in ("en", "de", "ru", "zh"))]}))
    port = free_port()
    # the app's upload folders go under the test's temporary folder: a server stopped by a signal leaves them
    env = dict(os.environ, ALIGN_TEXTS_DIR=str(texts), ALIGN_CACHE_DIR=str(cache_dir),
               TMPDIR=str(tmp_path_factory.mktemp("server-tmp")))
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
        running = Server(url)
        running.texts = texts
        yield running
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
    label = page.get_by_text("working translation, NOT the original").first
    label.wait_for(timeout=30_000)  # drawn in the same run as the beads, but not always before them
    assert label.is_visible()


def test_each_text_is_shown_in_its_own_direction(server, page, tmp_path):
    """Arabic right to left beside English in the parallel book, and the room's texts so set."""
    from align import export
    from align.records import Alignment, Bead, Sentence, Side

    english = Side((Sentence(0, "He went to the market."),), "en")
    arabic = Side((Sentence(0, "ذهب إلى السوق.\u200f"),), "ar")
    book = tmp_path / "book.html"
    book.write_text(export.to_html(Alignment(english, arabic, (Bead((0,), (0,), 0.9),), "m")), encoding="utf-8")
    page.goto(book.as_uri())
    direction = "el => getComputedStyle(el).direction"
    assert page.locator('td[lang="ar"]').evaluate(direction) == "rtl"
    assert page.locator('td[lang="en"]').evaluate(direction) == "ltr"
    page.goto(server)
    text = page.get_by_text("Such is the composition of that new social group").first
    text.wait_for(timeout=120_000)
    assert text.evaluate("el => el.closest('.wl-side').getAttribute('dir')") == "auto"  # the words' view


def test_meaning_search_twice_jumps_to_the_bead(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_text("meaning", exact=True).click()
    box = page.get_by_placeholder("words in either language (any form), a regex, or a meaning")
    for query in ("the composition of the new social group", "состав новой социальной группы"):  # each search runs in a new thread
        box.fill("")
        box.press("Enter")
        page.get_by_role("button", name=HIT).first.wait_for(state="detached", timeout=60_000)
        box.fill(query)
        box.press("Enter")
        page.get_by_role("button", name=HIT).first.wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
    page.get_by_role("button", name=HIT).first.click()
    marker = page.get_by_text("▶ here")
    marker.wait_for(timeout=30_000)
    marker.scroll_into_view_if_needed()
    assert on_screen(page, page.get_by_text("Таков состав").last)  # the bead, not the search result above


def test_hostile_text_is_shown_literally_and_never_runs(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Work").click()
    page.get_by_role("option", name="hostile").click()
    shown = page.get_by_text(SCRIPT, exact=True)
    shown.wait_for(timeout=60_000)
    assert shown.is_visible()
    # a text shown plainly (no word links) takes the direction of its own script, as the word view does
    assert shown.evaluate("el => getComputedStyle(el.closest('[data-testid=stText]')).unicodeBidi") == "plaintext"
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
    page.get_by_text("mine.en.txt").first.wait_for(timeout=30_000)  # its rerun done: the second is not swallowed by it
    uploads.nth(1).set_input_files(str(russian))
    page.get_by_role("button", name="Align these files").click(timeout=120_000)  # the uploads rerun the app first
    page.get_by_text("Корабль пришел в Бантри.").first.wait_for(timeout=60_000)
    assert page.get_by_text("mine.ru.txt").first.is_visible()


def open_pair(page, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Work").click()
    page.get_by_role("option", name=name).click()


def test_the_edit_menu_acts_on_the_bead_chosen_even_after_an_edit(server, page):
    open_pair(page, server, "editable")
    path = corpus.load_work(server.texts / "editable").alignment_path
    page.get_by_text("Line 11.", exact=True).wait_for(timeout=60_000)
    page.get_by_role("button", name="Edit").nth(5).click()
    page.get_by_role("button", name="Merge with next bead").click()
    deadline = time.monotonic() + 30
    while len(store.read_parquet(path).beads) == EDITABLE and time.monotonic() < deadline:
        time.sleep(0.2)
    page.get_by_text("Line 5.\nLine 6.").or_(page.get_by_text("Line 5. Line 6.")).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    verify = page.get_by_role("button", name="Mark verified ✓")
    visible = [verify.nth(i) for i in range(verify.count()) if verify.nth(i).is_visible()]
    if visible:  # a menu still open must be the merged bead's own
        visible[0].click()
        page.wait_for_timeout(2000)
    beads = store.read_parquet(path).beads
    assert (beads[5].src, beads[5].tgt) == ((5, 6), (5, 6))
    assert [n for n, b in enumerate(beads) if "verified" in b.flags] in ([], [5])


def test_jump_to_a_bead_scrolls_to_it(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    alignment = store.read_parquet(corpus.load_work(server.texts / "sorin-1918").alignment_path)
    n = len(alignment.beads) - 2  # far down the page
    words = store.bead_text(alignment.src, alignment.beads[n].src).split()[:6]
    box = page.get_by_placeholder("words in either language (any form), a regex, or a meaning")
    box.fill(" ".join(w.strip(".,;:!?()\"'") for w in words))
    box.press("Enter")
    page.get_by_role("button", name=f"Bead {n}", exact=True).click()
    marker = page.get_by_text("▶ here")
    marker.wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    while not on_screen(page, marker) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert on_screen(page, marker)  # without scrolling by hand


def test_an_upload_named_dot_dot_is_read_as_a_file(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_text("Two files of my own").click()
    uploads = page.locator("input[type=file]")
    uploads.first.wait_for(state="attached")
    uploads.nth(1).set_input_files({"name": "..", "mimeType": "text/plain",
                                    "buffer": "Корабль пришел в Бантри.\n".encode()})
    page.get_by_text("..", exact=True).first.wait_for(timeout=30_000)
    uploads.nth(0).set_input_files({"name": "..", "mimeType": "text/plain", "buffer": b"The ship reached Bantry.\n"})
    page.get_by_role("button", name="Align these files").click()
    page.get_by_text("Корабль пришел в Бантри.").first.wait_for(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0


def test_a_narrow_window_keeps_beads_readable_and_the_menu_opens_from_its_arrow(server, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        open_pair(page, server, "editable")
        page.get_by_text("Line 11.", exact=True).wait_for(timeout=60_000)
        badge = page.locator(".bead-meta").first
        badge.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        line = float(badge.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert badge.bounding_box()["height"] < 3.5 * line  # number, kind, confidence: three lines, no word broken
        button = page.get_by_role("button", name="Edit").first
        label = button.locator("p")
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth")  # "Edit" is shown whole
        box = button.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] / 2)  # on the arrow
        page.get_by_role("button", name="Merge with next bead").first.wait_for(timeout=10_000)
    finally:
        page.close()
@pytest.mark.skipif(not PRINCE.is_dir(), reason="no ../shared/corpora/prince-5way beside the checkout")
def test_a_work_of_five_texts_side_by_side_and_two_compared(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Work").click()
    page.get_by_role("option", name="prince-5way").click()
    lines = [page.get_by_test_id("stText").filter(has_text=start).first
             for start in ("Lorsque j'avais six ans", "Once when I was six years old", "Als ich sechs Jahre alt war")]
    lines[0].wait_for(timeout=600_000)  # aligning four pairs
    lines[0].scroll_into_view_if_needed()
    boxes = [line.bounding_box() for line in lines]
    assert all(on_screen(page, line) for line in lines)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # side by side, in the order chosen
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 40  # in one row
    page.get_by_text("Compare two texts word by word").click()
    page.get_by_test_id("stSelectbox").filter(has_text="with").click()
    page.get_by_role("option", name="3: Russian — translation (ru.txt)").click()
    table = page.locator("table.compare")
    table.filter(has_text="Когда мне было шесть лет").wait_for(timeout=60_000)
    assert table.filter(has_text="Once when I was six years old").count() == 1
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.skipif(not PRINCE.is_dir(), reason="no ../shared/corpora/prince-5way beside the checkout")
def test_every_translation_of_five_has_renderings_side_by_side_and_a_word_view(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Work").click()
    page.get_by_role("option", name="prince-5way").click()
    page.get_by_test_id("stText").filter(has_text="Lorsque j'avais six ans").first.wait_for(timeout=600_000)
    page.get_by_text("Renderings across translations").click()
    box = page.get_by_placeholder("a French word, any form")
    box.fill("dessin")
    box.press("Enter")
    texts = page.get_by_test_id("stText")
    for label in ("1: English", "2: German", "3: Russian", "4: Chinese"):
        texts.filter(has_text=label).first.wait_for(timeout=60_000)
    for rendering in (r"drawing.* ×\d", r"zeichnung.* ×\d", r"рисун.* ×\d", r"[\u4e00-\u9fff].* ×\d"):
        assert texts.filter(has_text=re.compile(rendering, re.IGNORECASE)).count() >= 1, rendering
    page.get_by_text("French with 4: Chinese").click()  # the Chinese pair: its beads with their word view
    chinese = page.locator(".wl-0 .wl-side").nth(1).locator(".w")
    chinese.first.wait_for(timeout=60_000)
    assert chinese.count() >= 10  # words, not a clause as one token
    assert page.get_by_test_id("stException").count() == 0


def test_clicking_a_word_lights_up_its_counterpart(server, page):
    page.goto(server)
    word = page.locator(".wl-0 .t3")  # "Soviet" in the title bead (the English is the right side)
    word.wait_for(timeout=120_000)
    assert word.inner_text() == "Soviet"
    russian = page.locator(".wl-0 .wl-side").nth(0).locator(".w")
    backgrounds = "spans => spans.map(e => getComputedStyle(e).backgroundColor)"
    before = russian.evaluate_all(backgrounds)
    word.click()
    after = russian.evaluate_all(backgrounds)
    lit = [k for k, (a, b) in enumerate(zip(before, after)) if a != b]
    assert [russian.nth(k).inner_text().lower() for k in lit] == ["советские"]  # and nothing else


def look_up_soviet(server: str, page) -> None:
    """Open the bundled pair and look up "Soviet" in Renderings, until its renderings are listed."""
    page.goto(server)
    page.locator(".wl-0").wait_for(timeout=120_000)
    page.get_by_text("Renderings: how was a word translated?").click()
    box = page.get_by_placeholder("a word in either language, any form")
    box.fill("Soviet")
    box.press("Enter")
    page.get_by_text("советских ×").first.wait_for(timeout=30_000)


def test_renderings_view_lists_the_renderings_of_soviet(server, page):
    look_up_soviet(server, page)
    assert page.get_by_test_id("stException").count() == 0


def idle(page) -> None:
    """Until the app has finished its run (no "Running" indicator), so that nothing stale is on the page."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def downloaded(page, button) -> Path:
    """The file a click on `button` downloads, clicked again where a click was lost: one during the
    app's run is lost with the button it redraws, and idle() narrows that window without shutting it
    (a full suite under load once waited 30 s for a download that never started)."""
    for _ in range(3):
        try:
            with page.expect_download(timeout=30_000) as download:
                button.click()
            return Path(download.value.path())
        except sync_api.TimeoutError:
            idle(page)
    raise AssertionError(f"no download after three clicks on {button}")


def wait_for_disk(path: Path, condition, timeout: float = 120) -> None:  # an edit re-aligns its stretch: slow under load
    deadline = time.monotonic() + timeout
    while not condition(store.read_parquet(path)):
        if time.monotonic() > deadline:
            raise AssertionError("the change did not reach the file")
        time.sleep(0.2)


def test_a_reviewer_steps_to_a_doubtful_bead_verifies_notes_reloads_and_exports(server, page, tmp_path):
    path = corpus.load_work(server.texts / "review").alignment_path
    page.goto(f"{server}/?work=review")
    page.get_by_text("Line 11.", exact=True).wait_for(timeout=60_000)
    page.get_by_text("0 of 12 beads verified").wait_for(timeout=10_000)
    page.get_by_role("button", name="Next doubtful bead").click()
    bead = page.locator(".st-key-bead-s3-t3")
    bead.get_by_text("▶ here").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    page.keyboard.press("v")  # verify the bead in focus
    wait_for_disk(path, lambda a: "verified" in a.beads[3].flags)
    assert store.read_parquet(path).beads[3].score == 0.3  # the model's confidence is kept
    page.get_by_text("1 of 12 beads verified").wait_for(timeout=10_000)
    bead.get_by_role("button", name="Note").click()
    idle(page)
    bead.get_by_role("textbox", name="Note", exact=True).fill("a calque of the Russian")
    bead.get_by_label("Tags, separated by commas").fill("calque, check again")
    bead.get_by_role("button", name="Save note").click()
    wait_for_disk(path, lambda a: a.beads[3].note == "a calque of the Russian")
    assert store.read_parquet(path).beads[3].tags == ("calque", "check again")
    page.wait_for_timeout(1000)
    assert "work=review" in page.url and "bead=3" in page.url
    page.goto(page.url)  # a link to this place, opened again
    again = page.locator(".st-key-bead-s3-t3")
    again.get_by_text("✎ a calque of the Russian  · tags: calque; check again").wait_for(timeout=60_000)
    again.get_by_text("▶ here").wait_for(timeout=30_000)  # in focus again, and still verified
    again.get_by_text("✓ verified").wait_for(timeout=30_000)
    idle(page)  # a click during the reload's run is lost with the button it redraws
    rows = downloaded(page, page.get_by_test_id("stSidebar").get_by_role("button", name="TSV")).read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t")[-2:] == ["note", "tags"]
    assert rows[4].split("\t")[-2:] == ["a calque of the Russian", "calque; check again"]
    assert "verified" in rows[4].split("\t")[-3]


def test_every_text_of_five_side_by_side_and_the_fourth_corrected_noted_and_reloaded(server, page):
    path = corpus.load_work(server.texts / "five").alignment_path
    page.goto(f"{server}/?work=five")
    cells = [page.get_by_text(f"{lang} sentence number 20 here.", exact=True) for lang in FIVE]
    cells[0].wait_for(timeout=60_000)
    idle(page)
    cells[0].scroll_into_view_if_needed()
    boxes = page.evaluate(  # read at one instant: the page may still be scrolling
        """texts => texts.map(t => {
             const el = [...document.querySelectorAll('[data-testid="stText"]')].find(e => e.innerText.trim() === t);
             return el ? el.getBoundingClientRect().toJSON() : null; })""",
        [f"{lang} sentence number 20 here." for lang in FIVE])
    assert all(box is not None for box in boxes)  # all five texts shown, without choosing them
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes) and max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 40
    page.locator(".st-key-row-20").get_by_role("button", name="Edit").click()
    page.get_by_role("button", name="Merge with next bead").nth(3).wait_for(timeout=30_000)  # one per translation
    page.get_by_role("button", name="Merge with next bead").nth(2).click()  # the fourth text: ru (text 3)
    wait_for_disk(path, lambda a: len(a.pair(3).beads) == FIVE_ROWS - 1)
    after = store.read_parquet(path)
    assert after.pair(3).beads[20].tgt == (20, 21) and all(len(after.pair(k).beads) == FIVE_ROWS for k in (1, 2, 4))
    idle(page)
    row = page.locator(".st-key-row-20")
    row.get_by_role("button", name="Note").click()
    page.get_by_role("textbox", name="Note", exact=True).fill("two sentences in one")
    page.get_by_role("button", name="Save note").click()
    wait_for_disk(path, lambda a: a.beads[20].note == "two sentences in one")
    page.goto(f"{server}/?work=five&bead=20")
    page.locator(".st-key-row-20").get_by_text("✎ two sentences in one").wait_for(timeout=60_000)
    merged = page.locator(".st-key-row-20").get_by_text("ru sentence number 20 here.", exact=False)
    deadline = time.monotonic() + 10
    while not on_screen(page, merged) and time.monotonic() < deadline:  # scrolled to the row the URL names
        page.wait_for_timeout(200)
    assert on_screen(page, merged)


def test_a_library_hit_in_a_work_of_five_texts_scrolls_to_its_row(server, page):
    page.goto(f"{server}/library")
    box = page.get_by_placeholder("words (any form), a regex, or a meaning")
    box.wait_for(timeout=60_000)
    box.fill("en sentence number 47 here")
    box.press("Enter")
    hit = page.get_by_role("button", name="Bead 47", exact=True)
    hit.wait_for(timeout=60_000)
    hit.click()
    row = page.locator(".st-key-row-47")
    row.get_by_text("▶ here").wait_for(timeout=60_000)
    deadline = time.monotonic() + 10
    while not on_screen(page, row.get_by_text("▶ here")) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert on_screen(page, row.get_by_text("▶ here"))


BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('[data-testid="stText"]')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[\\p{L}\\p{N}]{4,}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [700, 1100])
def test_no_word_is_broken_across_lines_in_five_columns(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        texts = server.texts / "five"
        path = corpus.load_work(texts).alignment_path
        alignment = store.read_parquet(path)
        long = replace(alignment.sides[2], sentences=tuple(
            replace(s, text="Die Riesenschlange verschlang Elefantenkinder ungekaut.") if s.index == 1 else s
            for s in alignment.sides[2].sentences))
        store.write_parquet(replace(alignment, others=(long, *alignment.others[1:])), path)
        page.goto(f"{server}/?work=five")
        page.get_by_text("Die Riesenschlange verschlang Elefantenkinder ungekaut.").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.evaluate(BROKEN_WORDS) == []
        assert page.get_by_text("zh sentence number 1 here.", exact=True).count() == 1  # every text still there
    finally:
        page.close()


def test_a_word_looked_up_is_marked_in_the_bead_jumped_to(server, page):
    look_up_soviet(server, page)
    jumps = page.get_by_role("button", name=re.compile(r"^\d+ beads?$"))
    assert jumps.count() > 0 and page.get_by_role("button", name=re.compile(r"^\d+ occurrences")).count() == 0
    jumps.first.click()
    page.get_by_role("button", name=HIT).first.click()
    focused = page.locator("[class*='st-key-bead-']").filter(has_text="▶ here")
    focused.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    marked = focused.locator(".wl-side .w").evaluate_all(
        "spans => spans.filter(e => getComputedStyle(e).backgroundColor === 'rgb(255, 217, 102)').map(e => e.innerText)")
    assert marked and all(word.lower().startswith("soviet") for word in marked)


def test_meaning_search_for_gibberish_finds_nothing_and_says_why(server, page):
    page.goto(server)
    page.get_by_text("Such is the composition of that new social group").first.wait_for(timeout=120_000)
    page.get_by_text("meaning", exact=True).click()
    box = page.get_by_placeholder("words in either language (any form), a regex, or a meaning")
    box.fill("asdfghjkl qwerty")
    box.press("Enter")
    page.get_by_text("Nothing close enough in meaning").wait_for(timeout=60_000)
    assert page.get_by_role("button", name=HIT).count() == 0
