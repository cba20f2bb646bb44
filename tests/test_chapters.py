"""Chapters used to align (headings as beads of their own, chapters paired first and bounding the
sentence path) and shown in what comes out (contents, per-chapter summary, unmatched chapters)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from test_aligner import meanings, unit

from align import aligner, chapters, export, pipeline
from align.records import Alignment, Bead, Sentence, Side

TESTS = str(Path(__file__).resolve().parent)


def side(vectors: list[np.ndarray], lengths: list[float], headings: list[bool]) -> aligner.EmbeddedText:
    return aligner.EmbeddedText(np.stack(vectors), np.array(lengths, dtype=float), headings=np.array(headings, dtype=bool))


def paths(beads: list[aligner.ScoredBead]) -> list[aligner.BeadIds]:
    return [bead for bead, _ in beads]


def test_a_heading_on_one_side_only_is_a_bead_of_its_own() -> None:
    # the Russian chapter heading, absent from the translation, close to the first sentence's
    # meaning and short: without the rule it merges into that sentence's bead (2-1)
    m = meanings(12, 1)
    heading = unit(m[0] + 0.9 * m[11])
    src = side([heading, *m[:10]], [25] + [80] * 10, [True] + [False] * 10)
    tgt = side(list(m[:10]), [80] * 10, [False] * 10)
    result = paths(aligner.align(src, tgt))
    assert result[0] == ((0,), ())
    assert result[1] == ((1,), (0,))


@pytest.mark.parametrize("text, credit", [
    ("Translated by Mrs. H. B. Paull.", True), ("Translated From The French By C. K. Scott Moncrieff", True),
    ("Traduit de l’ukrainien par Stanislas Dovhaniuk", True), ("Übersetzerin: Alice Seiffert", True),
    ("Перевод с литовского Д. Бродского.", True), ("Tradução e notas Luciana Salgado.", True),
    ("Przełożyła Maria Leśniewska.", True), ("Traducción de Wikisource.", True),
    ("Translation is an art.", False), ("He translated it by hand.", False), ("Traduit, il perd tout.", False),
    ("Перевод был закончен в 1920 году.", False), ("Przełożył mej dziewicy jęki,", False),
    ("Translated by the author himself, who knew both languages well, though he wrote the book in French and "
     "corrected every page of it twice.", False),
])
def test_a_translators_credit_is_told_from_a_sentence(text: str, credit: bool) -> None:
    assert chapters.translator_credit(text) is credit


def test_a_translators_credit_on_one_side_only_is_a_bead_of_its_own() -> None:
    # bilinguator's Tin Soldier: "Translated by Mrs. H. B. Paull." had gone into the first sentence's bead
    m = meanings(12, 1)
    texts = ["Translated by Mrs. H. B. Paull."] + [f"Sentence {k} of the story, long enough to weigh." for k in range(10)]
    src = Side(tuple(Sentence(k, text) for k, text in enumerate(texts)), "en")
    tgt = Side(tuple(Sentence(k, f"Phrase {k} du conte, assez longue pour peser.") for k in range(10)), "fr")
    vectors = np.stack([unit(m[0] + 0.9 * m[11]), *m[:10], *m[:10]])
    result = paths(aligner.align(*pipeline.embedded_pair(src, tgt, vectors)))
    assert result[0] == ((0,), ())
    assert result[1] == ((1,), (0,))


def test_headings_pair_with_headings_and_a_number_and_title_may_be_two() -> None:
    m = meanings(14, 2)
    # source heading "Chapter 1. The Start" as one sentence; target "Chapitre 1" + "Le début"
    src = side([unit(m[12] + m[13]), *m[:6]], [20] + [80] * 6, [True] + [False] * 6)
    tgt = side([m[12], m[13], *m[:6]], [10, 10] + [80] * 6, [True, True] + [False] * 6)
    result = paths(aligner.align(src, tgt))
    assert result[0] == ((0,), (0, 1))
    assert all(not (set(s) & {0}) or set(s) == {0} for s, _ in result)


def book(m: np.ndarray, chapters_ids: list[list[int]], heading_seed: int) -> tuple[list[np.ndarray], list[bool]]:
    """A text of chapters, each a heading (vector per chapter, shared by both texts with a little
    noise) and the sentences m[ids]."""
    titles = meanings(len(chapters_ids), 50)
    noise = meanings(len(chapters_ids), heading_seed)
    vectors, headings = [], []
    for k, ids in enumerate(chapters_ids):
        vectors.append(unit(titles[k] + 0.3 * noise[k]))
        headings.append(True)
        vectors += [m[i] for i in ids]
        headings += [False] * len(ids)
    return vectors, headings


def test_paired_chapters_bound_the_sentence_path() -> None:
    # the last sentence of the source's first chapter looks like the first sentence of the
    # target's second: only the chapter pairing stops a bead from reaching across chapters
    m = meanings(40, 3)
    src_v, src_h = book(m, [list(range(0, 12)), list(range(20, 32))], 60)
    tgt_v, tgt_h = book(m, [list(range(0, 11)), [11, *range(20, 32)]], 61)
    tgt_v[13] = unit(m[11] + 0.2 * m[39])  # target chapter 2's first sentence: m[11], worded a little apart
    src, tgt = side(src_v, [80] * len(src_v), src_h), side(tgt_v, [80] * len(tgt_v), tgt_h)
    pairing = chapters.pair(src.vectors, tgt.vectors, src.lengths, tgt.lengths, src.headings, tgt.headings)
    assert pairing.pairs == [(0, 0), (1, 1)] and all(pairing.clear)
    assert chapters.bounds(src.vectors, tgt.vectors, src.lengths, tgt.lengths, src.headings, tgt.headings) == [(13, 12)]
    src_chapter = np.cumsum(src.headings)
    tgt_chapter = np.cumsum(tgt.headings)
    for s, t in paths(aligner.align(src, tgt)):
        assert len({*src_chapter[list(s)], *tgt_chapter[list(t)]}) == 1, (s, t)


def test_a_chapter_without_counterpart_is_left_out_of_the_pairing() -> None:
    m = meanings(60, 4)
    src_v, src_h = book(m, [list(range(0, 15)), list(range(20, 35)), list(range(40, 55))], 62)
    tgt_v, tgt_h = book(m, [list(range(0, 15)), list(range(40, 55))], 63)
    tgt_v = [v for k, v in enumerate(tgt_v)]
    pairing = chapters.pair(*(np.stack(v) for v in (src_v, tgt_v)), np.full(len(src_v), 80.0), np.full(len(tgt_v), 80.0),
                            np.array(src_h), np.array(tgt_h))
    assert pairing.pairs == [(0, 0), (2, 1)]


def test_constrain_cuts_the_band_at_the_points() -> None:
    lo, hi = np.zeros(11, dtype=np.int64), np.full(11, 9, dtype=np.int64)  # 10 x 8, no band
    lo2, hi2 = chapters.constrain(lo, hi, [(4, 3)])
    assert list(hi2[:4]) == [4] * 4 and hi2[4] == 9
    assert lo2[4] == 0 and list(lo2[5:]) == [3] * 6


def alignment_with_chapters() -> Alignment:
    """Source: chapters 1-3 (heading + 3 sentences each); target: chapters 1 and 3 only."""
    def sentences(chapters_ids: list[int]) -> tuple[Sentence, ...]:
        out: list[Sentence] = []
        for c in chapters_ids:
            out.append(Sentence(len(out), f"Chapter {c}", heading=True, chapter=c))
            out += [Sentence(len(out) + k, f"Sentence {k} of chapter {c}.", chapter=c) for k in range(3)]
        return tuple(out)

    src, tgt = Side(sentences([1, 2, 3]), "fr", "fr.txt"), Side(sentences([1, 3]), "en", "en.txt")
    beads = [Bead((i,), (i,), 0.9) for i in range(4)] + [Bead((i,), (), 0.3) for i in range(4, 8)]
    beads += [Bead((8 + k,), (4 + k,), 0.4 if k == 3 else 0.9) for k in range(4)]
    return Alignment(src, tgt, tuple(beads), model="test")


def test_contents_give_each_chapter_its_title_and_first_row() -> None:
    alignment = alignment_with_chapters()
    assert [(c.chapter, c.title, c.bead) for c in chapters.contents(alignment)] == [(1, "Chapter 1", 0), (2, "Chapter 2", 4), (3, "Chapter 3", 8)]
    assert [(c.chapter, c.bead) for c in chapters.contents(alignment, 1)] == [(1, 0), (3, 8)]


def test_summary_per_chapter() -> None:
    rows = chapters.summary(alignment_with_chapters())
    assert [row["chapter"] for row in rows] == [1, 2, 3]
    assert rows[1]["omissions"] == 4 and rows[1]["tgt_sentences"] == 0 and rows[1]["confident"] == 0.0
    assert rows[2]["confident"] == 0.75 and rows[0]["length_ratio"] == 1.0
    assert set(rows[0]) == set(chapters.SUMMARY_COLUMNS)


def test_a_chapter_without_counterpart_is_reported() -> None:
    lines = chapters.unmatched(alignment_with_chapters())
    assert lines == ["chapter 2 «Chapter 2» of the fr text (fr.txt) has no counterpart (4 sentences)"]


def test_html_has_a_contents_list_and_a_heading_row_before_each_chapter() -> None:
    page = export.to_html(alignment_with_chapters())
    assert '<li><a href="#chapter-2">Chapter 2</a></li>' in page
    rows = re.findall(r'<tr class="chapter" id="chapter-(\d)">.*?</tr>\s*<tr><td class="n">(\d+)<', page)
    assert rows == [("1", "0"), ("2", "4"), ("3", "8")]


def test_tmx_and_jsonl_carry_each_row_s_chapter() -> None:
    alignment = alignment_with_chapters()
    units = ET.fromstring(export.to_tmx(alignment)).iter("tu")
    chapter_of = {u.get("tuid"): u.find("prop[@type='x-chapter']").text for u in units}
    assert chapter_of["0"] == "1" and chapter_of["9"] == "3" and "5" not in chapter_of  # a one-sided row is no unit
    assert [json.loads(line)["chapter"] for line in export.to_jsonl(alignment).splitlines()] == [1] * 4 + [2] * 4 + [3] * 4
    assert export.to_tsv(alignment).splitlines()[5].split("\t")[:2] == ["4", "2"]


def test_a_row_of_the_translation_alone_lies_in_the_pivot_chapter_its_own_chapter_faces() -> None:
    """The translation opens with a translator's preface (its chapter 1), so its chapters are
    numbered one ahead of the original's (Ormsby's preface to Don Quixote). A sentence it adds
    inside its chapter 2 lies in the original's chapter 1, which that chapter faces, not in the
    original's chapter 2; the preface lies where it stands, before the original's first heading."""
    def side(chapters_ids: list[int], lang: str) -> Side:
        out: list[Sentence] = []
        for c in chapters_ids:
            out.append(Sentence(len(out), f"Heading {c}", heading=True, chapter=c))
            out += [Sentence(len(out) + k, f"Sentence {k} of chapter {c}.", chapter=c) for k in range(3)]
        return Side(tuple(out), lang, f"{lang}.txt")

    src, tgt = side([1, 2], "es"), side([1, 2, 3], "en")  # tgt: preface, then the original's chapters 1, 2
    beads = [Bead((), (j,), 0.3) for j in range(4)]  # the preface
    beads += [Bead((0,), (4,), 0.9), Bead((1,), (5,), 0.9), Bead((), (6,), 0.3), Bead((2, 3), (7,), 0.9)]  # 6: added
    beads += [Bead((4 + k,), (8 + k,), 0.9) for k in range(4)]
    alignment = Alignment(src, tgt, tuple(beads), model="test")
    assert alignment.row_chapters() == [0] * 4 + [1] * 4 + [2] * 4
    rows = chapters.summary(alignment)
    assert [(row["chapter"], row["additions"]) for row in rows] == [(0, 4), (1, 1), (2, 0)]
    assert [json.loads(line)["chapter"] for line in export.to_jsonl(alignment).splitlines()] == [0] * 4 + [1] * 4 + [2] * 4


def test_unstructured_exports_are_unchanged() -> None:
    alignment = alignment_with_chapters()
    plain = replace(alignment, src=replace(alignment.src, sentences=tuple(replace(s, heading=False, chapter=0) for s in alignment.src.sentences)),
                    tgt=replace(alignment.tgt, sentences=tuple(replace(s, heading=False, chapter=0) for s in alignment.tgt.sentences)))
    assert "\"chapter\"" not in export.to_jsonl(plain) and "x-chapter" not in export.to_tmx(plain) and "<nav>" not in export.to_html(plain)


def test_forbidden_beads_are_exactly_those_mixing_a_heading_with_running_text() -> None:
    rng = np.random.default_rng(7)
    src_h, tgt_h = rng.random(40) < 0.15, rng.random(30) < 0.15
    src, tgt = chapters.RunKinds.of(src_h, 4), chapters.RunKinds.of(tgt_h, 4)
    for i in range(1, 41):
        a = min(4, i)
        for lo, hi in ((0, 31), (max(0, i - 12), min(31, i - 2)), (i // 2, i // 2 + 3)):
            if hi <= lo:
                continue
            mask = chapters.forbidden(src, tgt, i, a, lo, hi, 4)
            for s in range(1, a + 1):
                for x, e in enumerate(range(lo, hi)):
                    for b in range(1, 5):
                        if e < b:
                            continue
                        left, right = list(src_h[i - s : i]), list(tgt_h[e - b : e])
                        mixes = len(set(left)) > 1 or len(set(right)) > 1 or (any(left + right) and not (
                            (all(left) and all(right)) or (all(left) and b == 1) or (all(right) and s == 1)))
                        assert (mask is not None and mask[s - 1, x, b - 1]) == mixes, (i, s, e, b)
                        shapes = chapters.forbidden_shapes(src, tgt, i, np.array([s, s]), np.array([b, 1]), lo, hi)
                        assert (shapes is not None and shapes[0, x]) == mixes, (i, s, e, b)


def test_the_reading_room_shows_the_contents_and_a_chart_of_the_chapters() -> None:
    from streamlit.testing.v1 import AppTest

    def page(tests: str) -> None:
        import sys

        sys.path.insert(0, tests)
        from test_chapters import alignment_with_chapters

        from align.room import contents

        contents.chapters_view(alignment_with_chapters(), ("x", 0, 0, 0))

    app = AppTest.from_function(page, args=(TESTS,)).run(timeout=30)
    assert not app.exception and not app.dataframe  # drawn when opened only
    app.session_state["contents-open"] = True
    app.run(timeout=30)
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["chapter"]) == [1, 2, 3] and list(table["bead"]) == [0, 4, 8]
    assert list(table["omissions"]) == [0, 4, 0]
    assert app.get("vega_lite_chart")
