"""Long runs of one-sided beads are listed and described for the CLI summary, moved passages recognised."""

from __future__ import annotations

import zlib

import numpy as np

from align import gaps
from align.records import AlignError
from tests.conftest import make_alignment


def test_long_runs_are_listed_with_their_place() -> None:
    beads = [((), (j,)) for j in range(25)]  # a preface of 25 target sentences
    beads += [((i,), (25 + i,)) for i in range(10)]
    beads += [((10 + i,), ()) for i in range(3)]  # an ordinary omission: too short to report
    beads += [((13,), (35,))] + [((14 + i,), ()) for i in range(20)]  # endnotes
    alignment = make_alignment([f"s{i}" for i in range(34)], [f"t{j}" for j in range(36)], beads)
    found = gaps.one_sided_runs(alignment)
    assert found == [gaps.Gap("tgt", 0, 24), gaps.Gap("src", 14, 33)]
    assert gaps.describe(alignment, found[0]) == "25 sentences at the start of the ru text (ru.txt) have no counterpart"
    assert gaps.describe(alignment, found[1]) == "20 sentences at the end of the en text (en.txt) have no counterpart"


def _meaning(texts: list[str]) -> np.ndarray:
    """A vector per text, the same for the same text: a stand-in model that knows one language."""
    vectors = np.stack([np.random.default_rng(zlib.crc32(text.encode())).normal(size=32) for text in texts])
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_a_passage_moved_is_recognised_in_its_two_gaps() -> None:
    # the translation moves source sentences 20-44 after source sentence 84: aligned in order,
    # they are left without counterpart on both sides
    src = [f"sentence number {k} of the book" for k in range(100)]
    tgt = src[:20] + src[45:85] + src[20:45] + src[85:]
    beads = [((i,), (i,)) for i in range(20)] + [((i,), ()) for i in range(20, 45)]
    beads += [((i,), (i - 25,)) for i in range(45, 85)] + [((), (j,)) for j in range(60, 85)]
    beads += [((i,), (i,)) for i in range(85, 100)]
    alignment = make_alignment(src, tgt, beads)
    found = gaps.one_sided_runs(alignment)
    assert found == [gaps.Gap("src", 20, 44), gaps.Gap("tgt", 60, 84)]
    moved = gaps.moved(alignment, found, _meaning)
    assert moved == {found[0]: found[1], found[1]: found[0]}
    assert gaps.describe(alignment, found[0], moved[found[0]]) == (
        "25 sentences (sentences 21-45) in the en text (en.txt) have no counterpart in place: "
        "they match 25 sentences (sentences 61-85) in the ru text (ru.txt), a passage moved")
    # where the target's gap holds other text, nothing moved
    other = make_alignment(src, tgt[:60] + [f"another text, line {j}" for j in range(25)] + tgt[85:], beads)
    assert gaps.moved(other, found, _meaning) == {}


def test_the_report_lists_the_gaps_even_without_the_model() -> None:
    beads = [((), (j,)) for j in range(25)] + [((i,), (25 + i,)) for i in range(10)] + [((10 + i,), ()) for i in range(20)]
    alignment = make_alignment([f"s{i}" for i in range(30)], [f"t{j}" for j in range(35)], beads)

    def unavailable(texts: list[str]) -> np.ndarray:
        raise AlignError("model 'x' is not available offline")

    assert gaps.report(alignment, unavailable) == [
        "25 sentences at the start of the ru text (ru.txt) have no counterpart",
        "20 sentences at the end of the en text (en.txt) have no counterpart"]


def test_a_moved_passage_whose_old_place_is_a_short_gap_is_reported_with_it() -> None:
    """The translation moves 15 sentences (fewer than a gap's 20) and joins a few others on its way: the
    20-sentence gap where they landed names them, and their old place is reported as its counterpart."""
    src = [f"sentence number {k} of the book" for k in range(100)]
    tgt = src[:20] + src[35:85] + src[20:35] + [f"an added line {j}" for j in range(5)] + src[85:]
    beads = [((i,), (i,)) for i in range(20)] + [((i,), ()) for i in range(20, 35)]
    beads += [((i,), (i - 15,)) for i in range(35, 85)] + [((), (j,)) for j in range(70, 90)]
    beads += [((i,), (i + 5,)) for i in range(85, 100)]
    alignment = make_alignment(src, tgt, beads)
    assert gaps.report(alignment, _meaning) == [
        "20 sentences (sentences 71-90) in the ru text (ru.txt) have no counterpart in place: "
        "they match 15 sentences (sentences 21-35) in the en text (en.txt), a passage moved",
        "15 sentences (sentences 21-35) in the en text (en.txt) have no counterpart in place: "
        "they match 20 sentences (sentences 71-90) in the ru text (ru.txt), a passage moved"]


def test_two_gaps_on_one_subject_that_translate_nothing_are_no_passage_moved() -> None:
    """Don Quijote against Standard Ebooks' English: the translator's life of Cervantes stands alone, so
    do the licences before the second part; aligned together they reached a middling confidence, as
    unrelated sentences do, and were called one passage moved. Their sentences are no more alike than
    sentences of two different beads."""
    topic = np.random.default_rng(7).normal(size=32)

    def one_subject(texts: list[str]) -> np.ndarray:  # _meaning, and the Cervantes lines drawn a little together
        vectors = _meaning(texts) * 2.0 + np.array([topic / np.linalg.norm(topic) * ("Cervantes" in t) for t in texts])
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)

    src = [f"sentence number {k} of the book" for k in range(60)] + [f"licence {k} for the book by Cervantes" for k in range(25)]
    tgt = [f"life {k} of Cervantes the soldier" for k in range(25)] + [f"sentence number {k} of the book" for k in range(60)]
    beads = [((), (j,)) for j in range(25)] + [((i,), (i + 25,)) for i in range(60)] + [((i,), ()) for i in range(60, 85)]
    assert gaps.report(make_alignment(src, tgt, beads), one_subject) == [
        "25 sentences at the start of the ru text (ru.txt) have no counterpart",
        "25 sentences at the end of the en text (en.txt) have no counterpart"]
