"""A reviewer's day in a real browser (fixtures of test_browser): the keyboard, the view of every text of
a five-text work walked through like a pair, a search jump there, row numbers apart from the text, an
upload that fails."""

from __future__ import annotations

import time
from dataclasses import replace

from test_browser import (  # noqa: F401  (fixtures)
    FIVE,
    FIVE_ROWS,
    browser,
    downloaded,
    idle,
    on_screen,
    page,
    server,
    sync_api,
    wait_for_disk,
)

from align import corpus, multi, store

KEYS_WORK = "review"  # beads 3 and 7 doubtful, 12 beads


BUTTONS = {"j": "Next doubtful bead", "k": "Previous doubtful bead", "m": "Merge", "s": "Split", "u": "Undo last change"}
ENABLED = "label => [...document.querySelectorAll('button')].some(b => b.innerText.includes(label) && !b.disabled)"


def press(page, key: str) -> None:
    """The key, once the page has settled and the button it stands for can be pressed."""
    idle(page)
    page.wait_for_function(ENABLED, arg=BUTTONS[key], timeout=30_000)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # the page, not a text box, has the keys
    page.keyboard.press(key)


def test_the_keyboard_steps_merges_splits_and_undoes(server, page):
    path = corpus.load_work(server.texts / KEYS_WORK).alignment_path
    page.goto(f"{server}/?work={KEYS_WORK}")
    page.get_by_text("Line 11.", exact=True).wait_for(timeout=60_000)
    press(page, "j")
    page.locator(".st-key-bead-s3-t3").get_by_text("▶ here").wait_for(timeout=30_000)
    press(page, "j")
    page.locator(".st-key-bead-s7-t7").get_by_text("▶ here").wait_for(timeout=30_000)
    press(page, "k")
    page.locator(".st-key-bead-s3-t3").get_by_text("▶ here").wait_for(timeout=30_000)
    press(page, "m")  # bead 3 with bead 4
    wait_for_disk(path, lambda a: (a.beads[3].src, a.beads[3].tgt) == ((3, 4), (3, 4)))
    page.locator(".st-key-bead-s3_4-t3_4").get_by_text("▶ here").wait_for(timeout=30_000)
    press(page, "s")  # and apart again
    wait_for_disk(path, lambda a: len(a.beads) == 12 and a.beads[3].src == (3,))
    page.locator(".st-key-bead-s3-t3").get_by_text("▶ here").wait_for(timeout=30_000)  # redrawn: U is bound again
    press(page, "u")  # the split undone
    wait_for_disk(path, lambda a: len(a.beads) == 11 and a.beads[3].src == (3, 4))


def low_in_the_fourth_text(path, row: int):
    """The five-text work with the bead of text 3 (Russian) in `row` of low confidence."""
    work = store.read_parquet(path)
    pairs = [work.pair(k) for k in range(1, len(FIVE))]
    russian = pairs[2]
    pairs[2] = replace(russian, beads=tuple(replace(b, score=0.2) if n == row else b for n, b in enumerate(russian.beads)))
    store.write_parquet(replace(multi.merge(pairs), model=work.model), path)


def test_a_reviewer_walks_every_text_of_five_steps_verifies_notes_reloads_and_exports(server, page):
    path = corpus.load_work(server.texts / "five").alignment_path
    low_in_the_fourth_text(path, 30)
    page.goto(f"{server}/?work=five")
    page.get_by_text("fr sentence number 0 here.", exact=True).wait_for(timeout=60_000)
    page.get_by_text(f"3: Russian — translation (ru.txt): 0 of {FIVE_ROWS} beads verified").wait_for(timeout=10_000)
    page.get_by_role("button", name="Next doubtful row").click()
    row = page.locator(".st-key-row-30")
    row.get_by_text("▶ here").wait_for(timeout=30_000)
    idle(page)
    row.get_by_role("button", name="Edit").click()
    page.get_by_role("button", name="Mark verified ✓").nth(3).wait_for(timeout=30_000)  # one per translation
    page.get_by_role("button", name="Mark verified ✓").nth(2).click()  # the fourth text
    wait_for_disk(path, lambda a: "verified" in a.pair(3).beads[30].flags)
    assert store.read_parquet(path).pair(3).beads[30].score == 0.2
    page.get_by_text(f"3: Russian — translation (ru.txt): 1 of {FIVE_ROWS} beads verified").wait_for(timeout=10_000)
    idle(page)
    page.locator(".st-key-row-30").get_by_role("button", name="Note").click()
    page.get_by_role("textbox", name="Note", exact=True).fill("the Russian checked")
    page.get_by_role("button", name="Save note").click()
    wait_for_disk(path, lambda a: a.beads[30].note == "the Russian checked")
    idle(page)
    assert "work=five" in page.url and "bead=30" in page.url
    page.goto(page.url)  # the link to this place, opened again
    again = page.locator(".st-key-row-30")
    again.get_by_text("✎ the Russian checked").wait_for(timeout=60_000)
    again.get_by_text("▶ here").wait_for(timeout=30_000)  # the bead the link names is in focus again
    idle(page)  # a click during the reload's run is lost with the button it redraws
    tsv = downloaded(page, page.get_by_test_id("stSidebar").get_by_role("button", name="TSV"))
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
    assert rows[31][0] == "30" and rows[31][-2] == "the Russian checked"
    assert "verified" in rows[31][rows[0].index("flags_3")]


def test_a_search_hit_in_every_text_view_scrolls_to_its_row(server, page):
    page.goto(f"{server}/?work=five")
    page.get_by_text("fr sentence number 0 here.", exact=True).wait_for(timeout=60_000)
    box = page.get_by_placeholder("words in either language (any form), a regex, or a meaning")
    box.fill("de sentence number 44 here")
    box.press("Enter")
    page.get_by_role("button", name="Bead 44", exact=True).click()
    marker = page.locator(".st-key-row-44").get_by_text("▶ here")
    marker.wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    while not on_screen(page, marker) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert on_screen(page, marker)  # without scrolling by hand


ROW_GAP = """() => [...document.querySelectorAll('[class*="st-key-row-"]')]
    .filter(row => [...row.classList].some(c => /^st-key-row-\\d+$/.test(c)))
    .filter(row => row.querySelector('.bead-meta') && row.querySelector('[data-testid="stText"]')).slice(0, 5).map(row => {
  const range = document.createRange();  // the number's own box, not its column's
  range.selectNodeContents(row.querySelector('.bead-meta').firstElementChild);
  const number = range.getBoundingClientRect();
  const text = row.querySelector('[data-testid="stText"]').getBoundingClientRect();
  return text.left - number.right;
})"""


def test_row_numbers_stand_apart_from_the_text(server, browser):
    for width in (700, 1400):
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(f"{server}/?work=five")
            page.get_by_text("fr sentence number 0 here.", exact=True).wait_for(timeout=60_000)
            idle(page)
            page.wait_for_function(f"() => ({ROW_GAP})().length == 5", timeout=30_000)  # every row drawn
            gaps = page.evaluate(ROW_GAP)
            assert len(gaps) == 5 and min(gaps) >= 8, (width, gaps)
        finally:
            page.close()


def test_a_failed_upload_names_the_file_and_leaves_no_alignment_on_screen(server, page, tmp_path):
    english, russian = tmp_path / "mine.en.txt", tmp_path / "mine.ru.txt"
    english.write_text("The ship reached Bantry. Nobody was there.\n", encoding="utf-8")
    russian.write_text("Корабль пришел в Бантри. Там никого не было.\n", encoding="utf-8")
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    page.goto(f"{server}/files")
    uploads = page.locator("input[type=file]")
    uploads.first.wait_for(state="attached", timeout=60_000)
    uploads.nth(0).set_input_files(str(english))
    page.get_by_text("mine.en.txt").first.wait_for(timeout=30_000)  # its rerun done: the second is not swallowed by it
    uploads.nth(1).set_input_files(str(russian))
    page.get_by_role("button", name="Align these files").click(timeout=120_000)  # enabled once both uploads are in: slow under load
    page.get_by_text("Корабль пришел в Бантри.").first.wait_for(timeout=60_000)
    uploads.nth(0).set_input_files(str(picture))
    page.get_by_text("picture.png").first.wait_for(timeout=30_000)
    error = page.get_by_test_id("stAlert").filter(has_text="picture.png")
    for _ in range(3):  # under load the upload's own rerun can start after idle() and swallow a click
        idle(page)
        page.get_by_role("button", name="Align these files").click()
        try:
            error.wait_for(timeout=20_000)
            break
        except sync_api.TimeoutError:
            continue
    error.wait_for(timeout=20_000)
    assert "/tmp" not in error.inner_text() and "align-" not in error.inner_text()
    idle(page)
    assert page.get_by_text("Корабль пришел в Бантри.").count() == 0  # the former alignment is gone
