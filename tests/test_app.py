"""The reading room: its view logic, and the Streamlit app driven by AppTest."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from conftest import make_alignment
from streamlit.testing.v1 import AppTest

from align import checks, corpus, edit, embed, renderings, store, view
from align.records import Bead, Note
from align.room.beads import identity
from align.room.state import PAGE_SIZE

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LIBRARY_PAGE = "align/room/pages/library.py"
SORIN_EN = "Such is the composition of that new social group"
SORIN_RU = "Таков состав"
SCRIPT = "<script>alert(1)</script> **bold**"


# --- view logic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles, original, src_only, tgt_only",
    [
        (("translation", "original"), "tgt", "addition", "omission"),
        (("original", "translation"), "src", "omission", "addition"),
        (("translation", "working translation"), "tgt", "addition", "omission"),  # the stand-in plays the original
        (("", ""), None, "source only", "target only"),
    ],
)
def test_one_sided_beads_are_named_relative_to_the_original(roles, original, src_only, tgt_only):
    alignment = make_alignment(["a"], ["б"], [((0,), ()), ((), (0,))], roles=roles)
    assert view.original_side(alignment) == original
    assert view.kind_name(alignment.beads[0], original) == src_only
    assert view.kind_name(alignment.beads[1], original) == tgt_only
    assert view.kind_name(Bead((0, 1), (0,), 1.0), original) == "2-1"


def test_select_is_the_union_of_the_filters_given():
    alignment = make_alignment(["a", "b", "c", "d"], ["а", "б", "в"], [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))])
    low = edit.set_verified(replace(alignment, beads=(replace(alignment.beads[0], score=0.5), *alignment.beads[1:])), 1)
    assert view.select(low) == [0, 1, 2, 3]
    assert view.select(low, below=0.6) == [0]
    assert view.select(low, below=0.95) == [0, 2, 3]  # a verified bead is never low
    assert view.select(low, not_one_to_one=True) == [1, 2, 3]
    assert view.select(low, one_sided=["addition"]) == [2]
    assert view.select(low, one_sided=["omission"], suspicious={0: ["x"]}) == [0, 3]
    assert view.select(low, suspicious={}) == []


def test_path_points_and_region():
    alignment = make_alignment(["a", "b", "c", "d"], ["а", "б", "в"], [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))])
    points = [(p["bead"], p["source"], p["target"]) for p in view.path_points(alignment)]
    assert points == [(0, 0, 0), (1, 1.5, 1), (2, 3, 1.5), (3, 3.5, 2)]
    assert view.in_region(alignment, (1, 3), (0.5, 2)) == [1, 2]


# --- the app ------------------------------------------------------------------------------------


def open_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    return at


def texts_shown(at: AppTest) -> list[str]:
    """Text shown with st.text, and each side of the beads shown as word markup (as plain text)."""
    sides = [
        "\n".join(html.unescape(re.sub(r"<[^>]+>", "", sentence))
                  for sentence in re.findall(r'<div class="wl-sent">(.*?)</div>', part))
        for element in at.html for part in element.value.split('<div class="wl-side"')[1:]
    ]
    return [t.value for t in at.text] + sides


def in_focus_shown(at: AppTest) -> bool:
    """A bead or row is marked as the one in focus (its number's badge, Markdown or HTML)."""
    return any("▶ here" in m for m in [m.value for m in at.markdown] + [h.proto.body for h in at.get("html")])


def shown_count(at: AppTest) -> str:
    """The pager's caption: "12 of 131 beads shown, 25 a page"."""
    return next(c.value for c in at.caption if " shown, " in c.value)


def add_pair(texts: Path, name: str, alignment) -> Path:
    """A library pair whose alignment is already stored (no aligning needed)."""
    folder = texts / name
    folder.mkdir()
    meta = {"id": name, "title": name, "texts": [
        {"file": "en.txt", "lang": "en", "role": "translation"}, {"file": "ru.txt", "lang": "ru", "role": "original"}]}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    path = corpus.load_work(folder).alignment_path
    store.write_parquet(alignment, path)
    return path


def open_menu(at: AppTest, bead: Bead) -> None:
    """The Edit menu of this bead, under it."""
    at.button(key=f"edit-{identity(bead)}").click().run()


def beads_on_disk(path: Path):
    return store.read_parquet(path).beads


def test_opens_on_sorin_aligning_it_and_shows_both_languages(texts):
    path = corpus.load_work(texts / "sorin-1918").alignment_path
    assert not path.exists()
    at = open_app()
    assert path.exists()  # the app aligned the pair and stored it
    shown = texts_shown(at)
    assert any(SORIN_EN in t for t in shown)
    assert any(t.startswith(SORIN_RU) for t in shown)
    page = " ".join(m.value for m in at.markdown) + " ".join(w.value for w in at.warning)
    assert "working translation, NOT the original" in page
    assert "It is NOT the original" in page
    assert any("use-multilingual-v3" in t for t in shown)  # the model is named
    assert [b.label for b in at.get("download_button")] == ["Parquet", "TMX", "TSV", "HTML"]


def test_filters(texts):
    at = open_app()
    beads = beads_on_disk(corpus.load_work(texts / "sorin-1918").alignment_path)
    at.checkbox(key="f-multi").check().run()
    assert f"{sum(b.kind != '1-1' for b in beads)} of {len(beads)} beads shown" in shown_count(at)
    at.checkbox(key="f-multi").uncheck().run()
    at.checkbox(key="f-suspicious").check().run()
    assert f"{len(checks.check(store.read_parquet(corpus.load_work(texts / 'sorin-1918').alignment_path)))} of" in shown_count(at)
    assert any(t.startswith("⚠ length") for t in texts_shown(at))
    assert [c.label for c in at.checkbox][2:4] == ["omission", "addition"]  # Russian stands in for the original


def test_search_words_regex_and_meaning(texts):
    at = open_app()
    at.text_input(key="query").input("composition new social").run()
    hits = [b for b in at.button if b.key and b.key.startswith("go-")]
    assert len(hits) == 1
    hits[0].click().run()
    assert in_focus_shown(at)
    at.radio(key="mode").set_value("regex").run()
    at.text_input(key="query").input("(unclosed").run()
    assert not at.exception
    assert "not a valid regular expression" in at.error[0].value.replace("\\", "")
    at.radio(key="mode").set_value("meaning").run()
    at.text_input(key="query").input("состав новой социальной группы").run()
    first = next(b for b in at.button if b.key and b.key.startswith("go-"))
    assert first.key == hits[0].key


def test_a_search_hit_on_a_later_page_opens_that_page(texts):
    n = 130
    long = make_alignment([f"Line {i} here." for i in range(n)], [f"Строка {i} тут." for i in range(n)],
                          [((i,), (i,)) for i in range(n)])
    long = edit.split(long, 0, 1, 0)  # bead 0 one-sided, so the filters have something to find
    add_pair(texts, "long", long)
    at = open_app()
    at.selectbox(key="pair").select("long").run()
    assert "131 of 131 beads shown" in shown_count(at)
    at.checkbox(key="f-addition").check().run()
    assert "1 of 131" in shown_count(at)
    at.text_input(key="query").input("Строка 120 ").run()
    at.button(key="go-121").click().run()
    assert at.number_input(key="page").value == 121 // PAGE_SIZE + 1
    assert not at.checkbox(key="f-addition").value  # the jump shows the bead in context
    assert "Line 120 here." in texts_shown(at)


def test_edit_then_undo(texts):
    at = open_app()
    path = corpus.load_work(texts / "sorin-1918").alignment_path
    before = beads_on_disk(path)
    first = before[0]
    assert not any(b.key and b.key.startswith(("merge-(", "note-")) for b in at.button)  # no menu on every bead
    open_menu(at, first)
    at.button(key=f"merge-{first.src}-{first.tgt}").click().run()
    after = beads_on_disk(path)
    assert len(after) == len(before) - 1
    assert after[0].src == first.src + before[1].src and "edited" in after[0].flags
    at.button(key=f"verify-{after[0].src}-{after[0].tgt}").click().run()
    assert "verified" in beads_on_disk(path)[0].flags and beads_on_disk(path)[0].score == after[0].score
    undo = next(b for b in at.button if b.label.startswith("Undo"))
    assert undo.label == "Undo last change (2 kept)"
    undo.click().run()
    assert beads_on_disk(path) == after
    next(b for b in at.button if b.label.startswith("Undo")).click().run()
    assert beads_on_disk(path) == before
    assert next(b for b in at.button if b.label.startswith("Undo")).disabled


def two_tabs(texts):
    """Two sessions of the room on the Sorin work, its alignment's path and its beads before either acts."""
    tab_a, tab_b = open_app(), open_app()
    path = corpus.load_work(texts / "sorin-1918").alignment_path
    return tab_a, tab_b, path, beads_on_disk(path)


def test_two_tabs_do_not_overwrite_each_other(texts):
    tab_a, tab_b, path, before = two_tabs(texts)
    open_menu(tab_b, before[5])
    open_menu(tab_a, before[0])
    tab_a.button(key=f"merge-{before[0].src}-{before[0].tgt}").click().run()
    tab_b.button(key=f"verify-{before[5].src}-{before[5].tgt}").click().run()  # tab B has not seen the merge
    now = beads_on_disk(path)
    assert len(now) == len(before) - 1 and "verified" in now[4].flags
    merged = now[0]
    open_menu(tab_b, merged)
    tab_a.button(key=f"split-go-{merged.src}-{merged.tgt}").click().run()  # tab A has not seen the verify
    now = beads_on_disk(path)
    assert [(b.src, b.tgt) for b in now[:2]] == [(before[0].src, before[0].tgt), (before[1].src, before[1].tgt)]
    assert "verified" in now[5].flags
    tab_b.button(key=f"merge-{merged.src}-{merged.tgt}").click().run()  # tab B's bead 0 was split meanwhile
    assert "changed meanwhile" in tab_b.error[0].value.replace("\\", "")
    assert beads_on_disk(path) == now


def test_a_refused_edit_leaves_the_focus_on_the_sentences_chosen_not_on_the_beads_old_number(texts):
    tab_a, tab_b, path, before = two_tabs(texts)
    open_menu(tab_a, before[4])
    open_menu(tab_b, before[3])
    tab_b.button(key=f"merge-{before[3].src}-{before[3].tgt}").click().run()  # beads 3 and 4 are one now
    tab_a.button(key=f"verify-{before[4].src}-{before[4].tgt}").click().run()
    assert "changed meanwhile" in tab_a.error[0].value.replace("\\", "")
    assert tab_a.session_state["focus"] == 3  # the bead that holds bead 4's sentences; number 4 is bead 5 now
    assert not any("verified" in b.flags for b in beads_on_disk(path))


def test_text_from_files_is_shown_literally(texts):
    alignment = make_alignment(["A quiet line.", SCRIPT], ["Тихая строка.", "Вторая строка."],
                               [((0,), (0,)), ((1,), (1,))])
    add_pair(texts, "hostile", alignment)
    at = open_app()
    at.selectbox(key="pair").select("hostile").run()
    assert SCRIPT in texts_shown(at)
    own = renderings.WORD_LINKS_SCRIPT  # the page's own script, the same on every page
    markup = [m.value for m in at.markdown] + [h.proto.body for h in at.get("html") if h.proto.body != own]
    assert not any("<script" in m or "alert(" in m or "bold" in m for m in markup)


def test_a_books_notes_are_shown_under_the_bead_whose_sentence_calls_them(texts):
    alignment = make_alignment(["A lamp was lit. [1]", "A ship came."], ["Une lampe. [1]", "Un navire."],
                               [((0,), (0,)), ((1,), (1,))])
    src = replace(alignment.src, sentences=(replace(alignment.src.sentences[0], footnotes=("1",)), alignment.src.sentences[1]),
                  notes=(Note("1", "A Fresnel lens, installed in 1868."),))
    add_pair(texts, "noted", replace(alignment, src=src))
    at = open_app()
    at.selectbox(key="pair").select("noted").run()
    assert "† en [1] A Fresnel lens, installed in 1868." in texts_shown(at)


@pytest.mark.parametrize("name, value", [("bead", "²"), ("view", "①"), ("page", "-3"), ("bead", "9" * 12)])
def test_a_url_naming_no_number_opens_the_work_without_a_traceback(texts, name, value):
    # "²" and "①" are digits to str.isdigit but not to int()
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"work": "sorin-1918", name: value})
    at.run()
    assert not at.exception, at.exception


def test_undo_in_one_tab_never_undoes_another_tabs_change(texts):
    tab_a, tab_b, path, before = two_tabs(texts)
    open_menu(tab_a, before[0])
    tab_a.button(key=f"merge-{before[0].src}-{before[0].tgt}").click().run()
    merged = beads_on_disk(path)
    tab_b.run()
    undo_b = next(b for b in tab_b.button if b.label.startswith("Undo"))
    if not undo_b.disabled:
        undo_b.click().run()
    assert beads_on_disk(path) == merged  # tab A's change stays
    assert any("another tab" in c.value for c in tab_b.sidebar.caption)  # and tab B is told why
    tab_a.run()
    next(b for b in tab_a.button if b.label.startswith("Undo")).click().run()
    assert beads_on_disk(path) == before


def test_a_failed_realign_leaves_no_progress_bar(texts):
    at = open_app()
    at.sidebar.text_input[0].input("no-such/model-anywhere").run()
    next(b for b in at.sidebar.button if b.label == "Re-align with this model").click().run()
    assert not at.exception
    assert "no-such/model-anywhere" in at.sidebar.error[0].value.replace("\\", "")
    assert [p for p in at.get("progress") if "verified" not in p.proto.text] == []  # the review's own bar stays


def test_a_corrected_bead_gets_its_confidence_from_the_model_again(texts):
    at = open_app()
    path = corpus.load_work(texts / "sorin-1918").alignment_path
    before = beads_on_disk(path)
    n = next(k for k, b in enumerate(before) if b.kind == "1-1" and b.score > 0.95 and before[k + 1].src and k > 0)
    bead = before[n]
    # a wrong correction: the last English sentence of a right 1-1 bead moved into the next bead
    open_menu(at, bead)
    at.button(key=f"down-src-{bead.src}-{bead.tgt}").click().run()
    after = beads_on_disk(path)
    grown = next(b for b in after if b.src[:1] == bead.src)
    assert grown.src == bead.src + before[n + 1].src
    assert grown.score < 0.5 and "low-confidence" in grown.flags  # not the 0.9 and more it had before
    assert after[:n] == before[:n]  # beads the edit did not touch keep their scores


def test_a_language_the_model_does_not_cover_is_named(texts):
    from dataclasses import replace

    alignment = make_alignment(["A quiet line."], ["Μια ήσυχη γραμμή."], [((0,), (0,))])
    greek = replace(alignment, tgt=replace(alignment.tgt, lang="el"), model="use-multilingual-v3@0.2.1")
    add_pair(texts, "greek", greek)
    at = open_app()
    assert not any("Greek" in w.value for w in at.warning)
    at.selectbox(key="pair").select("greek").run()
    assert any("Greek (el) is not among the languages of use-multilingual-v3" in w.value.replace("\\", "") for w in at.warning)


def test_long_stretches_without_counterpart_and_a_moved_passage_are_named(texts):
    from dataclasses import replace

    from align.segment import split_sentences

    sentences = [s.text for s in split_sentences((texts / "sorin-1918" / "en.txt").read_text(encoding="utf-8"), "en")]
    assert len(sentences) >= 35
    # the second text moves sentences 5-26 after 34: aligned in order, they have no counterpart on either side
    order = [*range(5), *range(27, 35), *range(5, 27)]
    beads = [((i,), (i,)) for i in range(5)] + [((i,), ()) for i in range(5, 27)]
    beads += [((i,), (i - 22,)) for i in range(27, 35)] + [((), (j,)) for j in range(13, 35)]
    moved = make_alignment(sentences[:35], [sentences[i] for i in order], beads)
    add_pair(texts, "moved", replace(moved, model="use-multilingual-v3@0.2.1"))
    at = open_app()
    at.selectbox(key="pair").select("moved").run()
    lines = [i.value for i in at.info]
    assert "22 sentences (sentences 6-27) in the en text (en.txt) have no counterpart in place: they match 22 " \
           "sentences at the end of the ru text (ru.txt), a passage moved." in " ".join(lines).replace("\\", "")


def test_the_model_is_loaded_once_not_after_each_edit(texts, monkeypatch):
    loads = []

    class CountingUse(embed.UseEmbedder):
        def __init__(self, *args) -> None:
            loads.append(1)
            super().__init__(*args)

    monkeypatch.setattr(embed, "UseEmbedder", CountingUse)
    st.cache_resource.clear()  # the model may be cached from an earlier test of this process
    at = open_app()  # aligns sorin-1918 first
    at.radio(key="mode").set_value("meaning").run()
    at.text_input(key="query").input("состав новой социальной группы").run()
    assert len(loads) == 1
    path = corpus.load_work(texts / "sorin-1918").alignment_path
    first = beads_on_disk(path)[0]
    open_menu(at, first)
    at.button(key=f"merge-{first.src}-{first.tgt}").click().run()
    at.text_input(key="query").input("новый социальный слой").run()
    assert not at.exception
    assert any(b.key and b.key.startswith("go-") for b in at.button)  # the index was rebuilt for the edit
    assert len(loads) == 1


# --- three texts or more ---------------------------------------------------------------------------


def add_work(texts: Path, name: str) -> Path:
    """A work of a German original and two English translations, aligned by hand."""
    from align import multi
    from align.records import Alignment, Sentence, Side

    def side(lines: list[str], lang: str, role: str, file: str) -> Side:
        return Side(tuple(Sentence(i, t) for i, t in enumerate(lines)), lang, file, "", role)

    de = side(["Das Haus war alt.", "Niemand wohnte dort.", SCRIPT], "de", "original", "de.txt")
    one = side(["The house was old.", "Nobody lived there.", "An added line."], "en", "translation", "en-a.txt")
    two = side(["The house was very old and nobody lived there. [1]", SCRIPT], "en", "translation", "en-b.txt")
    two = replace(two, sentences=(replace(two.sentences[0], footnotes=("1",)), two.sentences[1]),
                  notes=(Note("1", "The translator's note."),))
    pairs = [
        Alignment(de, one, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((), (2,), 0.3), Bead((2,), (), 0.2)), "m"),
        Alignment(de, two, (Bead((0, 1), (0,), 0.7), Bead((2,), (1,), 0.95)), "m"),
    ]
    folder = texts / name
    folder.mkdir()
    meta = {"id": name, "title": name, "texts": [
        {"file": "en-a.txt", "lang": "en", "role": "translation"}, {"file": "de.txt", "lang": "de", "role": "original"},
        {"file": "en-b.txt", "lang": "en", "role": "translation"}]}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    path = corpus.load_work(folder).alignment_path
    store.write_parquet(multi.merge(pairs), path)
    return path


def test_three_texts_side_by_side_chosen_and_compared(texts):
    add_work(texts, "three")
    at = open_app()
    at.selectbox(key="pair").select("three").run()
    assert not at.exception
    shown = texts_shown(at)
    for line in ("Das Haus war alt.", "The house was old.", "The house was very old and nobody lived there. [1]",
                 "↑ with the row above", SCRIPT, "† en [1] The translator's note."):
        assert line in shown, line
    assert at.multiselect(key="columns").value == [0, 1, 2]
    at.multiselect(key="columns").set_value([2, 0]).run()
    assert "The house was old." not in texts_shown(at)
    assert [t for t in texts_shown(at) if t.startswith("The house")] == ["The house was very old and nobody lived there. [1]"]
    at.toggle(key="compare").set_value(True).run()
    assert (at.selectbox(key="cmp-a").value, at.selectbox(key="cmp-b").value) == (1, 2)  # the two English texts
    table = next(h.proto.body for h in at.get("html") if "compare" in h.proto.body)
    assert '<mark class="diff">very </mark>' in table and "&lt;script&gt;" in table and "<script" not in table
    at.checkbox(key="f-addition").check().run()
    assert "0 of 4 rows shown" in shown_count(at)  # no addition in translation 2
    at.multiselect(key="columns").set_value([0, 1, 2]).run()
    assert "1 of 4 rows shown" in shown_count(at)  # "An added line." only in translation 1


def test_a_pair_of_a_work_is_corrected_and_the_others_kept(texts):
    path = add_work(texts, "three")
    before = store.read_parquet(path)
    at = open_app()
    at.selectbox(key="pair").select("three").run()
    at.radio(key="view").set_value(2).run()
    assert "2 of 2 beads shown" in shown_count(at)
    open_menu(at, before.pair(2).beads[0])
    at.button(key="split-go-(0, 1)-(0,)").click().run()
    after = store.read_parquet(path)
    assert [(b.src, b.tgt) for b in after.pair(2).beads] == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    assert after.pair(1).beads == before.pair(1).beads


def test_a_search_hit_in_any_text_of_a_work_jumps_to_its_row(texts):
    add_work(texts, "three")
    at = open_app()
    at.selectbox(key="pair").select("three").run()
    at.multiselect(key="columns").set_value([2]).run()
    at.text_input(key="query").input("added line").run()  # only in text 1, which is not shown
    assert [b.key for b in at.button if b.key and b.key.startswith("go-")] == ["go-2"]
    at.text_input(key="query").input("very old").run()
    at.button(key="go-0").click().run()
    assert in_focus_shown(at)


def library_page_with_a_long_work(texts: Path) -> AppTest:
    """The library page over the test texts and a work of 130 beads (its first split in two)."""
    pytest.importorskip("duckdb")
    n = 130
    long = make_alignment([f"Line {i} here." for i in range(n)], [f"Строка {i} тут." for i in range(n)],
                          [((i,), (i,)) for i in range(n)])
    add_pair(texts, "long", edit.split(long, 0, 1, 0))
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(LIBRARY_PAGE).run()
    return at


def test_library_page_lists_works_and_a_hit_opens_its_work_at_the_bead(texts):
    at = library_page_with_a_long_work(texts)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["work"]) == ["long", "sorin-1918"]
    assert list(table["alignment"]) == ["outdated", "not aligned"]  # made by another model; not yet aligned
    assert list(table["languages"]) == ["ru · en", "ru · en"] and table["beads"][0] == 131  # the original first
    assert not corpus.load_work(texts / "sorin-1918").alignment_path.exists()  # listing aligns nothing
    at.text_input(key="library-query").input("Строка 120 ").run()
    assert [b.key for b in at.button if b.key and b.key.startswith("open-")] == ["open-long-121"]
    at.button(key="open-long-121").click().run()
    assert at.selectbox(key="pair").value == "long"  # the reading room, at the work of the hit
    assert at.number_input(key="page").value == 121 // PAGE_SIZE + 1
    assert "Line 120 here." in texts_shown(at)


def test_renderings_across_translations_side_by_side_each_opening_its_row(texts):
    from dataclasses import replace

    from align.records import WordLinks
    from align.tokens import tokenize

    path = add_work(texts, "three")
    work = store.read_parquet(path)

    def linked(k: int, bead: Bead, pairs: list[tuple[str, str]]) -> Bead:
        src = tokenize(" ".join(work.src.sentences[i].text for i in bead.src), "de")
        tgt = tokenize(" ".join(work.sides[k].sentences[j].text for j in bead.tgt), "en")
        return replace(bead, words=WordLinks(src, tgt, tuple((src.index(a), tgt.index(b)) for a, b in pairs)))

    first = work.beads[0]  # row 0: "Das Haus war alt." in both pairs (text 2's bead goes on in row 1)
    row = replace(linked(1, first, [("Haus", "house")]), others=(linked(2, first.others[0], [("Haus", "house"), ("alt", "old")]),))
    store.write_parquet(replace(work, beads=(row, *work.beads[1:])), path)
    at = open_app()
    at.selectbox(key="pair").select("three").run()
    at.text_input(key="across").input("Haus").run()
    assert not at.exception, at.exception
    shown = texts_shown(at)
    assert shown.count("house ×1") == 2  # each translation's rendering, side by side
    assert any(t.startswith("1: English") for t in shown) and any(t.startswith("2: English") for t in shown)
    at.text_input(key="across").input("alt").run()
    assert "old ×1" in texts_shown(at) and "(no counterpart) ×1" in texts_shown(at)
    at.button(key="x-2-0-0").click().run()
    assert in_focus_shown(at)


# --- search: ranks, stops, shows every text with what matched, pages ------------------------------


def hit_boxes(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if h.proto.body.startswith('<div class="hits">')]


def test_hit_markup_escapes_every_text_and_marks_the_match():
    from align.room.find import hit_html
    from align.search import Hit

    markup = hit_html(Hit(3, ("a <b> sheep", "", "барашек"), ((), (), ((0, 3),)), langs=("en", "de", "ru")))
    assert "a &lt;b&gt; sheep" in markup and "<b>" not in markup
    assert '<mark class="hit">бар</mark>ашек' in markup
    assert "(no counterpart)" in markup and markup.count('class="hit-text"') == 3
    long = hit_html(Hit(0, ("x" * 1000 + "needle" + "y" * 1000,), (((1000, 1006),),)))
    assert '<mark class="hit">needle</mark>' in long and long.count("…") == 2 and len(long) < 600


def test_gibberish_finds_nothing_and_the_page_says_why(texts):
    at = open_app()
    at.radio(key="mode").set_value("meaning").run()
    at.text_input(key="query").input("asdfghjkl qwerty").run()
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("go-")]
    assert at.info[0].value.replace("\\", "").startswith("Nothing close enough in meaning: the closest bead scores 0.")


def test_a_hit_shows_both_sides_marked_and_its_score_whole(texts):
    at = open_app()
    at.text_input(key="query").input("составе").run()  # the text has "состав": another form
    boxes = hit_boxes(at)
    assert boxes and all(box.count('class="hit-text"') == 2 for box in boxes)
    assert any(re.search(r'<mark class="hit">[Сс]остав', box) for box in boxes)
    assert any(SORIN_EN in html.unescape(box) for box in boxes)  # the English side of the Russian match
    at.radio(key="mode").set_value("meaning").run()
    at.text_input(key="query").input("состав новой социальной группы").run()
    hits = [b for b in at.button if b.key and b.key.startswith("go-")]
    assert hits and all(re.fullmatch(r"Bead \d+", b.label) for b in hits)  # the score is not in the button
    assert any(re.fullmatch(r"similarity 0\.\d\d", c.value.replace("\\", "")) for c in at.caption)


def test_library_hits_page_through_all_and_a_bad_regex_is_one_line(texts):
    at = library_page_with_a_long_work(texts)
    at.text_input(key="library-query").input("строки").run()  # every bead, in another form
    assert len([b for b in at.button if b.key and b.key.startswith("open-")]) == 20
    assert "130 beads found, in order; 1–20 listed" in [c.value for c in at.caption]
    at.number_input(key="library-hits-page").set_value(7).run()
    assert [b.key for b in at.button if b.key and b.key.startswith("open-")] == [f"open-long-{i}" for i in range(121, 131)]
    at.radio(key="library-mode").set_value("regex").run()
    at.text_input(key="library-query").input("(unclosed").run()
    assert not at.exception
    assert at.error[0].value.replace("\\", "") == "not a valid regular expression: missing ): (unclosed"


def test_a_library_hit_in_a_work_of_three_texts_shows_all_three_escaped(texts):
    pytest.importorskip("duckdb")
    from align import library

    add_work(texts, "three")
    found = library.search_text(texts, "houses")  # "house", another form
    hit = next(h for h in found.hits if h.work == "three")
    assert len(hit.texts) == 3 and hit.texts[2] == "The house was very old and nobody lived there. [1]"
    assert hit.texts[2][slice(*hit.spans[2][0])] == "house" and hit.langs == ("de", "en", "en")
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(LIBRARY_PAGE).run()
    at.text_input(key="library-query").input("alert").run()
    boxes = hit_boxes(at)
    assert boxes and all("<script>" not in box for box in boxes)
    assert any('&lt;script&gt;<mark class="hit">alert</mark>(1)' in box for box in boxes)
