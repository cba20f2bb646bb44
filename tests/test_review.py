"""The reviewer's tools in the reading room, driven by AppTest: stepping through doubtful beads, verify,
merge and split the bead in focus, go to bead N, the pager below, the review filters; in the view of
every text: filters, reordering, one click to a pair's words and Renderings; Renderings counts beads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import make_alignment
from streamlit.testing.v1 import AppTest
from test_app import APP, add_pair, add_work, shown_count, texts_shown

from align import store
from align.records import Bead, WordLinks
from align.room.state import PAGE_SIZE
from align.tokens import tokenize

LONG = 130
DOUBTFUL = (3, 60, 100)


def open_work(work: str) -> AppTest:
    """The reading room at a work, from its URL (the bundled pair is not aligned)."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["work"] = work
    at.run()
    assert not at.exception, at.exception
    return at


def add_long(texts: Path) -> Path:
    """A pair of 130 one-to-one beads, those of DOUBTFUL below the model's confidence."""
    alignment = make_alignment([f"Line {i} here." for i in range(LONG)], [f"Строка {i} тут." for i in range(LONG)],
                               [((i,), (i,)) for i in range(LONG)])
    beads = tuple(replace(b, score=0.3) if n in DOUBTFUL else b for n, b in enumerate(alignment.beads))
    return add_pair(texts, "long", replace(alignment, beads=beads))


def focused(at: AppTest) -> int | None:
    return at.session_state["focus"] if "focus" in at.session_state else None


def progress(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def test_next_and_previous_doubtful_go_to_and_the_pager_below(texts):
    add_long(texts)
    at = open_work("long")
    assert progress(at) == f"0 of {LONG} beads verified · {LONG} to check"
    at.button(key="next-doubtful").click().run()
    assert focused(at) == 3 and at.number_input(key="page").value == 1
    at.button(key="next-doubtful").click().run()
    assert focused(at) == 60 and at.number_input(key="page").value == 60 // PAGE_SIZE + 1  # on the page that holds it
    assert "Line 60 here." in texts_shown(at) and "Line 3 here." not in texts_shown(at)
    at.button(key="next-doubtful").click().run()
    assert focused(at) == 100 and at.button(key="next-doubtful").disabled
    at.button(key="prev-doubtful").click().run()
    assert focused(at) == 60
    at.number_input(key="goto").set_value(125).run()
    at.button(key="goto-go").click().run()
    last = 125 // PAGE_SIZE + 1
    assert focused(at) == 125 and at.number_input(key="page").value == last and "Line 125 here." in texts_shown(at)
    at.button(key="page-back").click().run()  # the pager below the beads
    assert at.number_input(key="page").value == last - 1 and f"Line {(last - 1) * PAGE_SIZE - 1} here." in texts_shown(at)
    at.button(key="page-next").click().run()
    assert at.number_input(key="page").value == last and at.button(key="page-next").disabled


def test_verify_merge_and_split_act_on_the_bead_in_focus(texts):
    path = add_long(texts)
    at = open_work("long")
    at.button(key="next-doubtful").click().run()
    at.button(key="next-doubtful").click().run()  # bead 60
    at.button(key="verify-focus").click().run()
    bead = store.read_parquet(path).beads[60]
    assert bead.flags == ("verified",) and bead.score == 0.3  # the model's confidence kept, not "edited"
    assert progress(at) == f"1 of {LONG} beads verified · {LONG - 1} to check"
    at.button(key="prev-doubtful").click().run()
    at.button(key="next-doubtful").click().run()
    assert focused(at) == 100  # a verified bead is no longer doubtful
    at.button(key="merge-focus").click().run()
    beads = store.read_parquet(path).beads
    assert (beads[100].src, beads[100].tgt) == ((100, 101), (100, 101)) and len(beads) == LONG - 1
    at.button(key="split-focus").click().run()
    beads = store.read_parquet(path).beads
    assert [(b.src, b.tgt) for b in beads[100:102]] == [((100,), (100,)), ((101,), (101,))]
    assert beads[60].flags == ("verified",)


def test_review_and_note_filters_in_the_app(texts):
    path = add_long(texts)
    alignment = store.read_parquet(path)
    beads = list(alignment.beads)
    beads[5] = replace(beads[5], flags=("verified",))
    beads[6] = replace(beads[6], flags=("verified",))
    beads[7] = replace(beads[7], flags=("edited",))
    beads[9] = replace(beads[9], note="a calque of the Russian", tags=("calque",))
    beads[11] = replace(beads[11], tags=("omission by censorship",))
    store.write_parquet(replace(alignment, beads=tuple(beads)), path)
    at = open_work("long")
    for key, count in (("f-verified", 2), ("f-not-verified", LONG - 2), ("f-edited", 1), ("f-noted", 2)):
        at.checkbox(key=key).check().run()
        assert shown_count(at).startswith(f"{count} of {LONG} beads shown"), key
        at.checkbox(key=key).uncheck().run()
    at.text_input(key="f-note-query").input("CENSORSHIP").run()
    assert shown_count(at).startswith(f"1 of {LONG} beads shown") and "Line 11 here." in texts_shown(at)
    at.button(key="next-doubtful").click().run()  # next among the beads the filters show
    assert focused(at) == 11


def test_every_text_view_filters_reorders_and_opens_a_pair_in_one_click(texts):
    from align import multi

    path = add_work(texts, "three")
    work = store.read_parquet(path)
    two = work.pair(2)
    two = replace(two, beads=(two.beads[0], replace(two.beads[1], flags=("partial",))))
    store.write_parquet(multi.merge([work.pair(1), two]), path)
    at = open_work("three")
    assert at.multiselect(key="columns").value == [0, 1, 2]  # every text, without choosing
    at.checkbox(key="f-partial").check().run()
    assert shown_count(at).startswith("1 of ")  # the row of the partial bead of text 2
    assert "The house was old." not in texts_shown(at)
    at.checkbox(key="f-partial").uncheck().run()
    at.checkbox(key="f-suspicious").check().run()
    assert not at.exception
    at.checkbox(key="f-suspicious").uncheck().run()
    at.button(key="col-right-0").click().run()  # the original moves right, in place
    assert at.multiselect(key="columns").value == [1, 0, 2]
    order = [t for t in texts_shown(at) if t in ("Das Haus war alt.", "The house was old.")]
    assert order == ["The house was old.", "Das Haus war alt."]
    at.button(key="col-left-2").click().run()
    assert at.multiselect(key="columns").value == [1, 2, 0]
    at.button(key="row-edit-0").click().run()
    assert at.button(key="verify-r1-(0,)-(0,)") is not None  # an Edit menu for each translation of the row
    at.button(key="r2-open-0").click().run()  # the pair of the original and text 2: words, Renderings, map
    assert at.radio(key="view").value == 2 and focused(at) == 0
    assert at.text_input(key="rendering") is not None and not at.exception


def test_renderings_count_the_beads_a_rendering_is_in_not_its_occurrences(texts):
    src_lines = ["The house, the house and the house.", "A house stood there.", "Nothing here."]
    tgt_lines = ["Дом, дом и дом.", "Там стоял дом.", "Ничего."]
    alignment = make_alignment(src_lines, tgt_lines, [((i,), (i,)) for i in range(3)])

    def linked(bead: Bead) -> Bead:
        src, tgt = tokenize(src_lines[bead.src[0]], "en"), tokenize(tgt_lines[bead.tgt[0]], "ru")
        houses = [i for i, t in enumerate(src) if t.lower() == "house"]
        doms = [j for j, t in enumerate(tgt) if t.lower() == "дом"]
        return replace(bead, words=WordLinks(src, tgt, tuple(zip(houses, doms))))

    add_pair(texts, "houses", replace(alignment, beads=tuple(linked(b) for b in alignment.beads)))
    at = open_work("houses")
    at.text_input(key="rendering").input("house").run()
    assert not at.exception, at.exception
    assert "дом ×4" in texts_shown(at)
    labels = [p.proto.popover.label for p in at.get("popover")]
    assert "2 beads" in labels and not any(label.startswith("4 bead") for label in labels)
    at.text_input(key="rendering").input("stood").run()
    assert "1 bead" in [p.proto.popover.label for p in at.get("popover")]


def test_every_text_view_counts_each_translations_review_and_steps_to_doubtful_rows(texts):
    path = add_work(texts, "three")  # text 1: rows 2 and 3 low; text 2: row 0 is two sentences for one
    at = open_work("three")
    bars = [p.proto.text.replace("\\", "") for p in at.get("progress")]
    assert bars == ["1: English — translation (en-a.txt): 0 of 4 beads verified · 4 to check",
                    "2: English — translation (en-b.txt): 0 of 2 beads verified · 2 to check"]
    steps = []
    for _ in range(3):
        at.button(key="next-doubtful").click().run()
        steps.append(focused(at))
    assert steps == [0, 2, 3] and at.button(key="next-doubtful").disabled
    at.button(key="prev-doubtful").click().run()
    assert focused(at) == 2
    at.button(key="row-edit-2").click().run()
    at.button(key="verify-r1-()-(2,)").click().run()  # text 1's bead in row 2, verified
    assert store.read_parquet(path).pair(1).beads[2].flags == ("verified",)
    assert at.get("progress")[0].proto.text.replace("\\", "").endswith("1 of 4 beads verified · 3 to check")
    at.button(key="prev-doubtful").click().run()
    assert focused(at) == 0
    at.button(key="next-doubtful").click().run()
    assert focused(at) == 3  # row 2 is checked now
