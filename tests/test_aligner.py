"""The dynamic programme and anchors on small hand-built cases with known answers."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from align import aligner, pipeline
from align.anchors import consistent
from align.records import LOW_CONFIDENCE


def meanings(count: int, seed: int = 0, dim: int = 256) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def side(vectors: list[np.ndarray], lengths: list[float]) -> aligner.EmbeddedText:
    return aligner.EmbeddedText(np.stack(vectors), np.array(lengths, dtype=float))


def paths(beads: list[aligner.ScoredBead]) -> list[aligner.BeadIds]:
    return [bead for bead, _ in beads]


def test_one_to_one_merges_splits_and_omissions_are_found() -> None:
    m = meanings(12)
    # source sentences 0..9 (60 chars each); the target renders them as:
    #   0 | 1+2 merged (2-1) | 3 split in two (1-2) | 4 | 5 omitted (1-0) | 6 | 7 | 8 | 9
    # and adds one sentence of its own after 7 (0-1)
    src = side([m[i] for i in range(10)], [60] * 10)
    tgt_vectors = [m[0], unit(m[1] + m[2]), unit(m[3] + 0.3 * m[10]), unit(m[3] + 0.3 * m[11]), m[4], m[6], m[7], meanings(1, 99)[0], m[8], m[9]]
    tgt_lengths = [60, 120, 30, 30, 60, 60, 60, 60, 60, 60]
    result = paths(aligner.align(src, side(tgt_vectors, tgt_lengths)))
    assert result == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3,), (2, 3)),
        ((4,), (4,)),
        ((5,), ()),
        ((6,), (5,)),
        ((7,), (6,)),
        ((), (7,)),
        ((8,), (8,)),
        ((9,), (9,)),
    ]


def test_every_sentence_is_in_exactly_one_bead_in_order() -> None:
    rng = np.random.default_rng(3)
    src = aligner.EmbeddedText(meanings(40, 1), rng.uniform(20, 200, 40))
    tgt = aligner.EmbeddedText(meanings(33, 2), rng.uniform(20, 200, 33))  # unrelated texts: the worst case
    result = paths(aligner.align(src, tgt))
    assert [i for s, _ in result for i in s] == list(range(40))
    assert [j for _, t in result for j in t] == list(range(33))
    assert all(len(s) <= aligner.MAX_SIDE and len(t) <= aligner.MAX_SIDE and (s or t) for s, t in result)


def test_confidence_is_high_for_clear_pairs_and_low_for_noise() -> None:
    m = meanings(30, 5)
    clear = aligner.align(side(list(m), [80] * 30), side(list(m), [80] * 30))
    assert min(score for _, score in clear) > 0.8
    noise = aligner.align(aligner.EmbeddedText(meanings(30, 6), np.full(30, 80.0)), aligner.EmbeddedText(meanings(30, 7), np.full(30, 80.0)))
    assert np.mean([score for _, score in noise]) < 0.5


def test_empty_sides() -> None:
    one = aligner.EmbeddedText(meanings(2), np.array([10.0, 10.0]))
    none = aligner.EmbeddedText(np.zeros((0, 64), dtype=np.float32), np.zeros(0))
    assert paths(aligner.align(one, none)) == [((0,), ()), ((1,), ())]
    assert paths(aligner.align(none, one)) == [((), (0,)), ((), (1,))]


def test_anchors_ignore_repeated_passages() -> None:
    # the same 200-sentence passage three times on each side: every sentence has three perfect
    # matches, and only the one at the same place in the text is right
    m = meanings(200, 8)
    text = np.concatenate([m, m, m])
    anchors = aligner.find_anchors(text, text)
    assert anchors, "no anchors found"
    assert all(i == j for i, j in anchors)


def test_long_input_is_banded_and_fast() -> None:
    # 6000 x 6000 sentences: a full n x m search would hold 36 million cells; the band stays small
    n = 6000
    m = meanings(n, 9)
    rng = np.random.default_rng(0)
    lengths = rng.uniform(20, 200, n)
    noisy = m + 0.3 * meanings(n, 10)
    src, tgt = aligner.EmbeddedText(m, lengths), aligner.EmbeddedText(noisy / np.linalg.norm(noisy, axis=1, keepdims=True), lengths)
    lo, hi = aligner.band(aligner.find_anchors(src.vectors, tgt.vectors), n, n, aligner.Params().band_margin)
    assert (hi - lo).sum() < 40 * n
    start = time.perf_counter()
    result = paths(aligner.align(src, tgt))
    assert time.perf_counter() - start < 60
    assert sum(s == (k,) and t == (k,) for k, (s, t) in enumerate(result)) > 0.99 * n


@pytest.mark.parametrize("start, drift", [(400, 300), (60, 300), (850, 120)])
def test_large_omission_is_bridged(start: int, drift: int) -> None:
    # the target lacks a stretch of `drift` sentences (near the start, in the middle, near the end):
    # anchors resume after it and the band covers the gap. Every case has a gap (a text without one
    # is aligned right by the diagonal alone), and uneven lengths, so that lengths alone do not find it.
    m = meanings(1000 + drift, 11)
    rng = np.random.default_rng(start)
    lengths = rng.uniform(20, 200, len(m))
    keep = np.r_[0:start, start + drift : len(m)]
    src = aligner.EmbeddedText(m, lengths)
    tgt = aligner.EmbeddedText(m[keep], lengths[keep] * rng.uniform(0.8, 1.2, len(keep)))
    result = paths(aligner.align(src, tgt))
    pairs = {(s[0], t[0]) for s, t in result if s and t}
    right = sum((int(keep[j]), j) in pairs for j in range(len(keep)))
    assert right >= 0.99 * len(keep)
    assert all(not t for s, t in result if s and start <= s[0] < start + drift)  # the omitted stretch is one-sided


def test_large_omission_is_bridged_with_translations_that_are_not_copies() -> None:
    # after a 300-sentence omission mid-text, near-copies (cosine ~0.995) must not be misaligned
    # (the anchors near the diagonal used to lose them for about 100 sentences)
    start, drift = 400, 300
    m = meanings(1000 + drift, 11)
    rng = np.random.default_rng(start)
    lengths = rng.uniform(20, 200, len(m))
    keep = np.r_[0:start, start + drift : len(m)]
    noisy = m[keep] + 0.1 * meanings(len(keep), 12)
    src = aligner.EmbeddedText(m, lengths)
    tgt = aligner.EmbeddedText(noisy / np.linalg.norm(noisy, axis=1, keepdims=True), lengths[keep])
    pairs = {(s[0], t[0]) for s, t in paths(aligner.align(src, tgt)) if s and t}
    assert sum((int(keep[j]), j) in pairs for j in range(len(keep))) >= 0.99 * len(keep)


def test_recent_rows_read_any_rows_cells_at_a_later_rows_target_prefixes() -> None:
    # the programme reads row i - a (a <= depth) at row i's prefixes, less up to depth cells in front:
    # its own cells where its band holds them, -inf elsewhere, whatever the bands (lo need not rise)
    rng = np.random.default_rng(5)
    n, depth = 60, 6
    lo = rng.integers(0, 40, n + 1)
    hi = lo + rng.integers(1, 30, n + 1)
    rows = aligner._RecentRows(lo, hi, depth)
    kept = []
    for i in range(n + 1):
        row = rng.normal(size=hi[i] - lo[i])
        rows.store(i, row)
        kept.append(row)
        for a in range(1, min(depth, i) + 1):
            first, width = int(lo[i]) - depth, int(hi[i] - lo[i]) + depth
            expected = np.full(width, aligner._NEG)
            for x in range(width):
                if lo[i - a] <= first + x < hi[i - a]:
                    expected[x] = kept[i - a][first + x - lo[i - a]]
            assert np.array_equal(rows.cells(i - a, first, width), expected)


def test_second_pass_is_bounded() -> None:
    # the second pass embeds joined runs of sentences: at most a share of the characters in
    # confident two-sided beads, plus a small fixed allowance, so next to nothing where the texts
    # do not correspond
    embedded: list[str] = []
    allowance, share = aligner.Params().refine_allowance, aligner.Params().refine_budget

    def embed(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return meanings(len(texts), 14)

    def texts(count: int, seed: int) -> aligner.EmbeddedText:
        # names that share no word (shared numbers would make the texts correspond: see spelling.py)
        return aligner.EmbeddedText(meanings(count, seed), np.full(count, 80.0), [f"u{seed}n{k}" for k in range(count)])

    def chars_read() -> int:  # sentences named "t..." are 60 characters long, the others 80
        return sum(60 if name[0] == "t" else 80 for text in embedded for name in text.split())

    aligner.align(texts(1, 13), texts(3000, 12), embed=embed)
    aligner.align(texts(200, 16), texts(300, 17), embed=embed)
    assert chars_read() <= allowance  # against 40,000 and 240,000 characters embedded first
    embedded.clear()
    # a related pair with every other target sentence split in two: more beads to look at again
    # than the budget allows
    m = meanings(400, 15)
    tgt = [v for k, v in enumerate(m) for v in ([unit(v + 0.5 * m[(k + 7) % 400]), unit(v + 0.5 * m[(k + 9) % 400])] if k % 2 == 0 else [v])]
    aligner.align(aligner.EmbeddedText(m, np.full(400, 80.0), [f"s{i}" for i in range(400)]),
                  aligner.EmbeddedText(np.stack(tgt), np.full(len(tgt), 60.0), [f"t{j}" for j in range(len(tgt))]), embed=embed)
    assert allowance < chars_read() <= allowance + share * (80 * 400 + 60 * len(tgt))


def test_beads_are_believed_only_where_the_texts_correspond() -> None:
    alone, pair, poor = (0.5,), (0.5, 0.3, 0.0), (-0.1, 0.3, 0.0)  # features: omission, clear pair, pair below usual
    mostly_pairs = aligner.confidences([((k,), (k,)) for k in range(10)] + [((10,), ())], [pair] * 10 + [alone])
    assert min(mostly_pairs[:10]) > 0.8
    unrelated = aligner.confidences([((k,), ()) for k in range(10)] + [((10 + k,), (k,)) for k in range(10)], [alone] * 10 + [poor] * 10)
    assert max(unrelated) <= 0.3
    assert unrelated[0] < mostly_pairs[-1]


@pytest.mark.parametrize("before, left_out", [(40, 40), (8, 0)])
def test_a_different_preface_on_each_side_is_left_out_not_paired(before: int, left_out: int) -> None:
    """A translator's introduction against an editor's preface: sentences that translate nothing on
    the other side. The programme pays less for a poor pair than for two sentences left out, so it
    paired them; 40 a side now come out one-sided. Eight (a poem the translation replaces with
    another, which gold alignments pair line by line) stay paired."""
    rng = np.random.default_rng(before)
    body, preface, other = meanings(200, 21), meanings(before, 22), meanings(before, 24)
    preface[:, 128:], other[:, :128] = 0.0, 0.0  # the two prefaces have nothing in common
    preface, other = (v / np.linalg.norm(v, axis=1, keepdims=True) for v in (preface, other))
    src = aligner.EmbeddedText(np.vstack([preface, body]), rng.uniform(40, 120, before + 200))
    tgt_body = body + 0.3 * meanings(200, 23)
    tgt_body /= np.linalg.norm(tgt_body, axis=1, keepdims=True)
    tgt = aligner.EmbeddedText(np.vstack([other, tgt_body]), src.lengths * rng.uniform(0.9, 1.1, before + 200))
    beads = paths(aligner.align(src, tgt))
    alone = sum(len(s) for s, t in beads if s and not t and s[0] < before)
    assert alone == left_out
    assert sum(1 for s, t in beads if s and t and s[0] >= before and t[0] == s[0]) >= 0.98 * 200  # the body as it was


def test_where_the_model_reads_neither_text_lengths_still_pair_them() -> None:
    """A language the model does not cover (Greek, for the bundled model): every pair looks like
    chance, and the lengths are what pairs them; nothing is set apart as unrelated."""
    lengths = np.random.default_rng(5).uniform(20, 200, 60)
    beads = paths(aligner.align(aligner.EmbeddedText(meanings(60, 31), lengths), aligner.EmbeddedText(meanings(60, 32), lengths * 1.1)))
    assert beads == [((k,), (k,)) for k in range(60)]


def test_a_text_the_model_does_not_read_within_one_it_reads_is_paired_by_lengths_not_set_apart() -> None:
    """Candide in English and Greek after and before books the model reads (benchmarks/speed.py's
    growth x4): the rest gave anchors enough, so the Greek book's pairs, no more alike than chance,
    had been set apart as not corresponding, 1,357 and 1,407 sentences one-sided. Where `reads` says
    the model does not read a stretch's language, its pairs stay; where it reads it, they go."""
    rng = np.random.default_rng(7)
    body = meanings(200, 71)
    translated = body + 0.3 * meanings(200, 72)
    translated /= np.linalg.norm(translated, axis=1, keepdims=True)
    greek_src, greek_tgt = meanings(40, 73), meanings(40, 74)  # as alike as any two sentences
    lengths = rng.uniform(40, 160, 240)
    src_texts = [f"sentence {k}" for k in range(240)]
    tgt_texts = [f"phrase {k}" for k in range(100)] + [f"γραμμή {k}" for k in range(40)] + [f"phrase {k}" for k in range(100, 200)]
    src = aligner.EmbeddedText(np.vstack([body[:100], greek_src, body[100:]]), lengths, src_texts)
    tgt = aligner.EmbeddedText(np.vstack([translated[:100], greek_tgt, translated[100:]]), lengths * rng.uniform(0.95, 1.05, 240), tgt_texts)

    def greek_set_apart(reads) -> int:
        beads = paths(aligner.align(src, tgt, reads=reads))
        return sum(len(s) for s, t in beads if s and not t and 100 <= s[0] < 140)

    assert greek_set_apart(lambda texts: not any(text.startswith("γ") for text in texts)) == 0
    assert greek_set_apart(lambda texts: True) == 40


def test_the_length_fit_is_the_same_whichever_text_is_the_source() -> None:
    # measured in the source's units, as Gale and Church did, a Chinese sentence of 25 characters
    # rendered by 130 English ones (the usual ratio 4) cost a third as much with English as the source
    lengths = [(25.0, 130.0, 4.0), (66.7, 130.0, 1.5), (100.0, 80.0, 1.1), (40.0, 40.0, 1.0)]
    for ls, lt, ratio in lengths:
        given = aligner._length_misfit(np.array(ls), np.array(lt), ratio)
        assert aligner._length_misfit(np.array(lt), np.array(ls), 1 / ratio) == pytest.approx(given)
    assert aligner._length_misfit(np.array(25.0), np.array(100.0), 4.0) == pytest.approx(0.0)


def test_a_translation_longer_than_expected_costs_no_more_between_scripts_of_different_density() -> None:
    # Chinese writes in 25 characters what English writes in 100: an English rendering 30% longer
    # than that must not cost more than the same excess between two European languages (at their
    # ratio 1.5); Gale-Church in the source's units made it cost three times as much
    european = aligner._length_misfit(np.array(100 / 1.5), np.array(130.0), 1.5)
    assert aligner._length_misfit(np.array(25.0), np.array(130.0), 4.0) <= european


def test_length_ratio_is_that_of_the_text_with_a_counterpart() -> None:
    # 100 source sentences of 50 characters, translated as 60; before them on the target side a
    # preface of 150 sentences of 100 characters, and the middle 20 translations missing
    src = np.full(100, 50.0)
    kept = [i for i in range(100) if not 40 <= i < 60]
    tgt = np.concatenate([np.full(150, 100.0), np.full(len(kept), 60.0)])
    anchors = [(i, 150 + kept.index(i)) for i in kept[::3]]
    assert aligner.length_ratio(anchors, src, tgt) == pytest.approx(1.2)
    assert aligner.length_ratio(anchors[:3], src, tgt) == pytest.approx(tgt.sum() / src.sum())  # too few anchors


def test_beads_hold_plain_ints_after_the_second_pass() -> None:
    # numpy integers in beads break JSON exports and the app's state
    m = meanings(60, 21)
    tgt = [v for k, v in enumerate(m) for v in ([unit(v + 0.5 * m[(k + 7) % 60]), unit(v + 0.5 * m[(k + 9) % 60])] if k % 2 == 0 else [v])]
    embedded: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return meanings(len(texts), 22)

    beads = aligner.align(aligner.EmbeddedText(m, np.full(60, 80.0), [f"s{i}" for i in range(60)]),
                          aligner.EmbeddedText(np.stack(tgt), np.full(len(tgt), 60.0), [f"t{j}" for j in range(len(tgt))]), embed=embed)
    assert embedded  # the second pass ran
    assert all(type(i) is int for (s, t), _ in beads for i in s + t)


def test_anchor_candidates_agree_along_their_own_slope_not_the_texts_ratio() -> None:
    # a short document (36 sentences, 40 in translation) after a preface of 150 sentences: the
    # texts' ratio (190 / 36 = 5.3) is no guide to where neighbouring pairs lie (1.1 apart)
    pairs = [(i, 150 + round(1.1 * i), 0.5) for i in range(0, 36, 2)]
    assert consistent(pairs, 36, 190) == pairs
    # (chance matches, as in a language the model does not cover, give no slope: see test_quality's Greek)


@pytest.mark.parametrize("size", [5, 6])
@pytest.mark.parametrize("budget", [0.1, 0.0])
def test_one_long_sentence_against_five_or_six_is_one_bead(size: int, budget: float) -> None:
    # the translator wrote source sentences 4..3+size as one long target sentence; with no budget
    # for the second pass to read anything, the first pass's bead of four is aligned again all the same
    m = meanings(20, 11)
    src = side([m[i] for i in range(10 + size)], [60] * (10 + size))
    tgt_vectors = [m[i] for i in range(4)] + [unit(sum(m[4 + k] for k in range(size)))] + [m[i] for i in range(4 + size, 10 + size)]
    tgt_lengths = [60] * 4 + [60 * size] + [60] * 6
    # long beads are tried where the second pass looks again: texts name their meanings, and the
    # embedding of a joined run is that of its meanings together
    src = aligner.EmbeddedText(src.vectors, src.lengths, [f"m{i}" for i in range(10 + size)])
    tgt_texts = [f"m{i}" for i in range(4)] + [" ".join(f"m{4 + k}" for k in range(size))] + [f"m{i}" for i in range(4 + size, 10 + size)]

    def embed(texts: list[str]) -> np.ndarray:
        return np.stack([unit(sum(m[int(word[1:])] for word in text.split())) for text in texts])

    params = aligner.Params(refine_budget=budget, refine_allowance=2000 if budget else 0)
    result = paths(aligner.align(src, aligner.EmbeddedText(np.stack(tgt_vectors), np.array(tgt_lengths, float), tgt_texts),
                                 params, embed=embed))
    assert (tuple(range(4, 4 + size)), (4,)) in result
    assert sum(1 for s, t in result if len(s) == 1 and len(t) == 1) == 10


@pytest.mark.parametrize("fits", [True, False])
def test_a_long_bead_must_fit_in_length(fits: bool) -> None:
    # the target renders source sentences 4..8 as one sentence that means what they mean together:
    # as long as they are, it is a 5-1 bead; a third as long, the lengths say it is no such bead
    # (sentences left out that a condensed translation's long bead took in: emma)
    m = meanings(20, 13)
    src_vectors = [m[i] for i in range(5)] + [unit(m[4] + 0.9 * m[15 + k]) for k in range(4)] + [m[i] for i in range(5, 11)]
    src_texts = [f"m{i}" for i in range(5)] + [f"n{k}" for k in range(4)] + [f"m{i}" for i in range(5, 11)]
    vector_of = dict(zip(src_texts, src_vectors)) | {f"m{i}": m[i] for i in range(11)}

    def embed(texts: list[str]) -> np.ndarray:  # a joined run means what its sentences mean together
        return np.stack([unit(sum(vector_of[word] for word in text.split())) for text in texts])

    vector_of["t4"] = embed([" ".join(src_texts[4:9])])[0]
    tgt_texts = [f"m{i}" for i in range(4)] + ["t4"] + [f"m{i}" for i in range(5, 11)]
    src = aligner.EmbeddedText(np.stack(src_vectors), np.full(15, 60.0), src_texts)
    tgt_lengths = np.array([60.0] * 4 + [300.0 if fits else 100.0] + [60.0] * 6)
    tgt = aligner.EmbeddedText(np.stack([vector_of[t] for t in tgt_texts]), tgt_lengths, tgt_texts)
    result = paths(aligner.align(src, tgt, embed=embed))
    assert ((tuple(range(4, 9)), (4,)) in result) == fits
    assert all(len(s) <= aligner.MAX_SIDE for s, t in result if t) != fits


def test_a_run_of_omitted_sentences_is_one_bead_and_a_long_gap_is_not() -> None:
    m = meanings(60, 12)
    # source sentences 5, 6, 7 are left out of the translation; so are 20..49 (a missing chapter)
    kept = [i for i in range(60) if i not in (5, 6, 7) and not 20 <= i < 50]
    result = paths(aligner.align(side([m[i] for i in range(60)], [60] * 60), side([m[i] for i in kept], [60] * len(kept))))
    assert ((5, 6, 7), ()) in result
    assert [s for s, t in result if not t and s[0] >= 20] == [(i,) for i in range(20, 50)]


def test_a_heading_left_out_is_not_joined_with_the_sentences_left_out_after_it():
    beads = [(((0,), ()), 0.9), (((1,), ()), 0.8), (((2,), ()), 0.7), (((3,), (0,)), 0.9)]
    headings = np.array([True, False, False, False])
    joined = aligner.omissions_joined(beads, headings, np.zeros(1, bool))
    assert [ids for ids, _ in joined] == [((0,), ()), ((1, 2), ()), ((3,), (0,))]
    assert [ids for ids, _ in aligner.omissions_joined(beads)][0] == ((0, 1, 2), ())


@pytest.mark.parametrize("spoken", [True, False])
def test_a_heading_faces_a_lone_sentence_but_never_a_line_of_dialogue(spoken: bool) -> None:
    # the translation lacks the chapter's heading; its first sentence leans towards the heading's words.
    # A lone sentence may be a heading its reader missed (Greek capitals, a title line), and may face
    # it; a line of dialogue never is ("--Alors pourquoi M. Lidenbrock rentre-t-il?" had faced
    # "CHAPTER 1. MY UNCLE MAKES A GREAT DISCOVERY" at 0.87)
    n = 40
    m = meanings(n + 10, 63)
    first = "--Alors pourquoi rentre-t-il?" if spoken else "Alors pourquoi rentre-t-il?"
    src_texts, tgt_texts = ["CHAPTER 1. MY UNCLE MAKES A DISCOVERY"] + [f"S{i}." for i in range(1, n)], [first] + [f"T{j}." for j in range(1, n)]
    headings = np.zeros(n, bool)
    headings[0] = True
    src = aligner.EmbeddedText(m[:n], np.full(n, 60.0), src_texts, headings)
    tgt = aligner.EmbeddedText(np.stack([unit(m[0] + m[45])] + list(m[1:n])), np.full(n, 60.0), tgt_texts, np.zeros(n, bool))
    result = paths(aligner.align(src, tgt))
    assert (((0,), (0,)) in result) != spoken
    assert (((0,), ()) in result) == spoken


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_texts_shorter_than_the_longest_bead_align(n):
    """Long beads hold runs of up to six sentences: a text of fewer must still align (the run sums
    of a short text broke every two- to four-sentence work)."""
    rng = np.random.default_rng(n)
    vectors = rng.normal(size=(n, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    text = aligner.EmbeddedText(vectors, np.full(n, 40.0), [f"s{i}" for i in range(n)])
    beads = aligner.align(text, text, embed=lambda texts: np.stack([vectors[0]] * len(texts)))
    assert [ids for ids, _ in beads] == [((i,), (i,)) for i in range(n)]


@pytest.mark.parametrize("ending, goes_on", [(" ?", True), ("!»", True), (" ;", False)])
def test_a_lowercase_sentence_after_a_question_goes_with_the_sentence_before(ending: str, goes_on: bool) -> None:
    # the translation's "me demanda-t-il." is cut from its question; its vector leans a little
    # towards the next source sentence, but it goes on from the one before. After a semicolon
    # (where Text+Berg's segmentation cuts) a lowercase start is a sentence of its own.
    m = meanings(12, 13)
    src = aligner.EmbeddedText(m[:8], np.full(8, 60.0), [f"Sentence {i}." for i in range(8)])
    tgt_texts = [f"Phrase {j}." for j in range(9)]
    tgt_texts[3], tgt_texts[4] = f"« Que faisiez-vous derrière le rideau{ending}", "me demanda-t-il."
    tgt_vectors = [m[0], m[1], m[2], m[3], unit(m[11] + 0.3 * m[4]), m[4], m[5], m[6], m[7]]
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([60, 60, 60, 40, 16, 60, 60, 60, 60], float), tgt_texts)
    result = paths(aligner.align(src, tgt))
    assert (((3,), (3, 4)) in result) == goes_on
    assert (((4,), (4, 5)) in result) != goes_on


def test_the_speaker_after_a_question_goes_on_with_or_without_a_dialogue_dash() -> None:
    texts = ["—¿Qué quieres?", "—preguntó Cándido.", "— Что?", "— спросил он.", "—Oui?", "—Non.", "Ah !", "je sais…"]
    assert aligner._continuations(texts).tolist() == [0, 1, 0, 1, 0, 0, 0, 1]


def test_the_speaker_after_a_german_quotation_goes_on() -> None:
    # bilinguator's Tinderbox in German: "sagte die Hexe." had opened the next bead
    texts = ["»Das geht Dich nichts an!«", "sagte die Hexe.", "„Wo bist du?“", "fragte er.", "»Gut.«", "sagte sie."]
    assert aligner._continuations(texts).tolist() == [0, 1, 0, 1, 0, 0]


@pytest.mark.parametrize("length, left_out", [(80.0, True), (12.0, False)])
def test_a_sentence_left_out_is_not_hidden_in_a_merge_with_its_neighbour(length: float, left_out: bool) -> None:
    # the translation leaves out source sentence 4, which says what it says mostly elsewhere (target
    # 9..12 at the end) and leans a little towards sentence 3; target 3 is long, so lengths favour the
    # merge 3+4, and their summed vector is still like target 3. Judged alone, 4 is far less like
    # target 3 than like its own neighbours: a 1-0 bead. A short one ("I said.") has too little meaning
    # of its own to judge, and stays merged.
    m = meanings(20, 21)
    src_vectors = [m[i] for i in range(10)]
    src_vectors[4] = unit(m[12] + 0.5 * m[3])
    src_lengths = [80.0] * 10
    src_lengths[4] = length
    tgt_vectors = [m[i] for i in range(10) if i != 4] + [unit(m[12] + 0.6 * m[14 + k]) for k in range(4)]
    src = aligner.EmbeddedText(np.stack(src_vectors), np.array(src_lengths), [f"S{i}." for i in range(10)])
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([80.0] * 3 + [160.0] + [80.0] * 9), [f"T{j}." for j in range(13)])
    result = paths(aligner.align(src, tgt))
    assert (((4,), ()) in result) == left_out
    assert (((3, 4), (3,)) in result) != left_out


@pytest.mark.parametrize("left_out", [True, False])
def test_a_run_of_sentences_left_out_is_taken_out_of_the_merge_that_hides_it(left_out: bool) -> None:
    # the translation leaves out source sentences 5, 6, 7 and renders 4 as one long sentence, so
    # lengths favour the merge 4+5+6+7 and the summed vector is still like target 4. Read whole by
    # the second pass, the side is more like target 4 without each of them: they are one 1-0 bead.
    # Where target 4 renders all four (a true 4-1), the merge stays.
    m = meanings(30, 31)
    src_vectors = [m[i] for i in range(12)]
    if left_out:
        src_vectors[5:8] = [m[20], m[21], m[22]]
    tgt_vectors = [m[i] for i in range(4)] + [m[4] if left_out else unit(m[4] + m[5] + m[6] + m[7])] + [m[i] for i in range(8, 12)]
    src_texts, tgt_texts = [f"S{i}." for i in range(12)], [f"T{j}." for j in range(9)]
    vector_of = dict(zip(src_texts + tgt_texts, src_vectors + tgt_vectors))

    def embed(texts: list[str]) -> np.ndarray:  # a joined run means what its sentences mean together
        return np.stack([unit(sum(vector_of[name] for name in text.split())) for text in texts])

    src = aligner.EmbeddedText(np.stack(src_vectors), np.full(12, 80.0), src_texts)
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([80.0] * 4 + [320.0] + [80.0] * 4), tgt_texts)
    result = paths(aligner.align(src, tgt, embed=embed))
    assert (((4,), (4,)) in result and ((5, 6, 7), ()) in result) == left_out
    assert (((4, 5, 6, 7), (4,)) in result) != left_out
    assert [i for s, _ in result for i in s] == list(range(12))


def test_sentences_left_out_together_are_taken_out_together() -> None:
    # as above, but the model reads a run that holds any of the digression's sentences (5, 6, 7) as
    # the digression: taken out one at a time, none makes the side more like target 4; the three
    # together do
    m = meanings(30, 32)
    digression = {"S5.", "S6.", "S7."}
    src_vectors = [m[i] for i in range(5)] + [m[20], m[21], m[22]] + [m[i] for i in range(8, 12)]
    tgt_vectors = [m[i] for i in range(5)] + [m[i] for i in range(8, 12)]
    src_texts, tgt_texts = [f"S{i}." for i in range(12)], [f"T{j}." for j in range(9)]
    vector_of = dict(zip(src_texts + tgt_texts, src_vectors + tgt_vectors))

    def embed(texts: list[str]) -> np.ndarray:
        read = [sum(vector_of[name] for name in text.split() if name not in digression)
                + (2 * m[23] if digression & set(text.split()) else 0) for text in texts]
        return np.stack([unit(vector) for vector in read])

    src = aligner.EmbeddedText(np.stack(src_vectors), np.full(12, 80.0), src_texts)
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([80.0] * 4 + [320.0] + [80.0] * 4), tgt_texts)
    result = paths(aligner.align(src, tgt, embed=embed))
    assert ((4,), (4,)) in result and ((5, 6, 7), ()) in result


@pytest.mark.parametrize("spoken", [True, False])
def test_a_short_line_of_dialogue_is_read_with_either_neighbour(spoken: bool) -> None:
    # the translation cuts "Oh, you foolish Alice!" she answered. into a short line « "Oh! » and
    # « Alice, petite folle, " se répondit-elle. »: alone, the short line echoes the sentence before
    # ("Oh, I should not like that!"), so the summed vectors put it in that sentence's bead. Read
    # whole with the sentence after, the two say what source sentence 6 says: the second pass reads
    # them so, the short line being a line of dialogue, and moves it. A short sentence that is no
    # line of dialogue (no quotation mark or dash) is left to the summed vectors.
    m = meanings(30, 61)
    k = 6
    src_texts, tgt_texts = [f"S{i}." for i in range(12)], [f"T{j}." for j in range(13)]
    tgt_texts[k] = '"Oh!' if spoken else "Oh!"
    tgt_vectors = [m[j] for j in range(k)] + [unit(m[k - 1] + 0.4 * m[k]), unit(m[k] + 0.8 * m[20])] + [m[j] for j in range(k + 1, 12)]
    vector_of = dict(zip(src_texts + tgt_texts, list(m[:12]) + tgt_vectors))
    together = f"{tgt_texts[k]} {tgt_texts[k + 1]}"

    asked: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:  # a joined run means what its sentences mean together
        asked.extend(texts)
        return np.stack([m[k] if text == together else unit(sum(vector_of[name] for name in text.split())) for text in texts])

    src = aligner.EmbeddedText(m[:12], np.full(12, 60.0), src_texts)
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([60.0] * k + [6.0] + [54.0] + [60.0] * 5), tgt_texts)
    result = paths(aligner.align(src, tgt, embed=embed))
    assert (((k,), (k, k + 1)) in result) == spoken
    assert (((k - 1,), (k - 1, k)) in result) != spoken
    # the line is read with the sentence beyond the bead, and that sentence with nothing else
    assert (together in asked) == spoken
    assert not any(tgt_texts[k + 1] in text.split() and tgt_texts[k] not in text.split() for text in asked if " " in text)
    assert f"{tgt_texts[k - 1]} {tgt_texts[k]} {tgt_texts[k + 1]}" not in asked


@pytest.mark.parametrize("exclaimed", [True, False])
def test_a_short_exclamation_cut_off_the_speech_it_opens_goes_with_it(exclaimed: bool) -> None:
    # one segmentation cuts « “Well! » off the speech it opens, the other keeps it inside one sentence
    # (The Three Musketeers had 33 such lines left out alone). Alone it says little, and what it says
    # leans elsewhere (sentences 45..50): judged by its weakest-sentence cost, it is left out; as a
    # short sentence that exclaims, that cost is waived and it joins its speech's bead. One that
    # neither exclaims nor asks is judged, and left out.
    n, k = 60, 30
    m = meanings(n + 10, 62)
    src_texts, tgt_texts = [f"S{i}." for i in range(n)], [f"T{j}." for j in range(n + 1)]
    tgt_texts[k] = "“Well!" if exclaimed else "“Well."
    tgt_vectors = [m[j] for j in range(k)] + [unit(unit(sum(m[45:51])) + 0.08 * m[k]), m[k]] + [m[j] for j in range(k + 1, n)]
    src = aligner.EmbeddedText(m[:n], np.full(n, 60.0), src_texts)
    tgt = aligner.EmbeddedText(np.stack(tgt_vectors), np.array([60.0] * k + [19.0, 41.0] + [60.0] * (n - k - 1)), tgt_texts)
    result = paths(aligner.align(src, tgt))
    assert (((k,), (k, k + 1)) in result) == exclaimed
    assert (((), (k,)) in result) != exclaimed


def test_a_doubtful_bead_too_dear_for_the_budget_is_passed_over_not_the_end_of_the_second_look() -> None:
    # twenty confident 1-1 beads, then a doubtful 1-2 bead of two 600-character target sentences
    # (the likeliest error per character, but its joined run costs 1201 characters, over the
    # budget of 223), then a cheap 1-2 bead of two 40-character sentences: it still gets its look
    path = [((i,), (i,)) for i in range(20)] + [((20,), (20, 21)), ((21,), (22,)), ((22,), (23, 24))]
    confidence = [0.99] * 20 + [0.0, 0.99, 0.97]
    src_lengths = np.full(23, 50.0)
    tgt_lengths = np.array([50.0] * 20 + [600.0, 600.0, 50.0, 40.0, 40.0])
    src_marks, tgt_marks, _ = aligner._uncertain(path, confidence, src_lengths, tgt_lengths, aligner.Params(refine_allowance=0))
    assert np.flatnonzero(tgt_marks).tolist() == [23, 24]  # "t23 t24" is read whole, not "t20 t21"
    assert np.flatnonzero(src_marks).tolist() == [22]


def test_the_second_pass_reads_runs_of_up_to_whole_side_and_the_longer_sides_of_doubtful_beads() -> None:
    # source sentences 5 and 6 each rendered as two target sentences, 15 as four: the second pass
    # reads runs of two and three of the marked target sentences, and of four only the 1-4 bead's
    # side (the four of the two 1-2 beads are no side of anything: whole_side spends the budget on
    # more beads instead); texts name their meanings, a joined run means them together
    m = meanings(40, 41)
    parts = {5: 2, 6: 2, 15: 4}
    vector_of = {f"m{i}": m[i] for i in range(30)}
    tgt_texts = []
    for i in range(30):
        names = [f"p{i}_{k}" for k in range(parts.get(i, 1))] if i in parts else [f"m{i}"]
        for k, name in enumerate(names[1:] and names):
            vector_of[name] = unit(m[i] + 0.6 * m[30 + (i + k) % 10])
        tgt_texts += names
    asked: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        asked.extend(texts)
        return np.stack([unit(sum(vector_of[word] for word in text.split())) for text in texts])

    src = aligner.EmbeddedText(m[:30], np.full(30, 80.0), [f"m{i}" for i in range(30)])
    tgt = aligner.EmbeddedText(np.stack([vector_of[t] for t in tgt_texts]), np.array([40.0 if "_" in t else 80.0 for t in tgt_texts]),
                               tgt_texts)
    result = paths(aligner.align(src, tgt, embed=embed))
    long_side = tuple(j for j, t in enumerate(tgt_texts) if t.startswith("p15_"))
    assert ((15,), long_side) in result
    assert [text for text in asked if len(text.split()) == 4] == ["p15_0 p15_1 p15_2 p15_3"]
    assert any(len(text.split()) == 3 and text.startswith("p5_") for text in asked)


def test_the_second_pass_realigns_the_beads_near_a_doubtful_one() -> None:
    # the first path went wrong three beads before the bead the second pass looks at (10-10,11 and
    # 11,12-12 instead of three 1-1 beads): its stretch reaches that far, so the error is repaired
    m = meanings(20, 51)
    texts = aligner.EmbeddedText(m, np.full(20, 80.0))
    runs = aligner._Runs.of(texts, np.zeros(20))
    path = [((i,), (i,)) for i in range(10)] + [((10,), (10, 11)), ((11, 12), (12,))] + [((i,), (i,)) for i in range(13, 20)]
    marks = np.zeros(20, dtype=bool)
    marks[14] = True  # bead 13, three after the wrong one
    lo, hi = aligner.band([], 20, 20, 20)
    result = aligner._realign(path, runs, runs, lo, hi, 1.0, aligner.Params(), (marks, marks), None)
    assert result == [((i,), (i,)) for i in range(20)]


def test_gains_computed_by_blocks_of_rows_are_those_of_each_row_alone() -> None:
    # the blocks take up to 64 rows over the union of their bands, narrowed where the band is wide;
    # each row's gains, long beads' too, must be what it gets alone (headings too: a heading is a
    # bead of its own)
    rng = np.random.default_rng(61)
    n, m = 300, 320
    src = aligner.EmbeddedText(meanings(n, 62), rng.uniform(20, 200, n), headings=np.arange(n) % 37 == 0)
    tgt = aligner.EmbeddedText(meanings(m, 63), rng.uniform(20, 200, m), headings=np.arange(m) % 41 == 0)
    runs = aligner._Runs.of(src, rng.uniform(0, 0.2, n)), aligner._Runs.of(tgt, rng.uniform(0, 0.2, m))
    lo, hi = aligner.band([(i, int(i * 1.05)) for i in range(0, n, 40)], n, m, 8)
    hi[100:120] = np.minimum(hi[100:120] + 150, m + 1)  # a stretch of wide rows
    blocks = aligner._GainBlocks(lo, hi, *runs, 1.1, aligner.Params())
    for i in range(1, n + 1):
        alone = (aligner._block_gains(i, i + 1, int(lo[i]), int(hi[i]), *runs, 1.1, aligner.Params())[0, : min(4, i)]
                 + blocks.merge[: min(4, i)])  # with the merge costs
        forbidden = aligner.chapters.forbidden(runs[0].kinds, runs[1].kinds, i, min(4, i), int(lo[i]), int(hi[i]), aligner.MAX_SIDE)
        if forbidden is not None:
            alone[forbidden] = aligner._NEG
        np.testing.assert_allclose(blocks.row(i), alone, rtol=1e-5, atol=1e-5)  # float32 products round apart
        long_a, long_b, codes, long_gains = blocks.long_row(i)
        allowed = [k for k, (a, _) in enumerate(aligner._LONG_SHAPES) if a <= i]
        assert list(zip(long_a.tolist(), long_b.tolist())) == [aligner._LONG_SHAPES[k] for k in allowed]
        assert codes.tolist() == [a * aligner._CODE_BASE + b for a, b in zip(long_a.tolist(), long_b.tolist())]
        long_alone = aligner._block_long_gains(i, i + 1, int(lo[i]), int(hi[i]), *runs, 1.1, aligner.Params())[0, allowed]
        forbidden = aligner.chapters.forbidden_shapes(runs[0].kinds, runs[1].kinds, i, aligner._LONG_A[allowed],
                                                      aligner._LONG_B[allowed], int(lo[i]), int(hi[i]))
        if forbidden is not None:
            long_alone[forbidden] = aligner._NEG
        np.testing.assert_allclose(long_gains, long_alone, rtol=1e-5, atol=1e-5)


def test_a_bead_closing_a_paragraph_on_both_sides_is_preferred() -> None:
    """A short target sentence that says little ("I returned to my stool.") closes a paragraph as the
    source sentence before it does: it joins that sentence's bead, not the next paragraph's. Where only
    one side's paragraph ends there, or the paragraphs are not known, it goes to the bead it resembles."""
    m = meanings(8)
    src_vectors, tgt_vectors = m, np.stack([*m[:4], unit(meanings(1, 99)[0] + 0.3 * m[4]), *m[4:]])
    src_lengths, tgt_lengths = np.full(8, 60.0), np.array([60, 60, 60, 60, 25, 60, 60, 60, 60.0])
    src_ends = np.array([0, 0, 0, 1, 0, 0, 0, 1], bool)

    def beads_of(tgt_ends: np.ndarray | None, src_ends: np.ndarray | None = src_ends) -> list[aligner.BeadIds]:
        result = paths(aligner.align(aligner.EmbeddedText(src_vectors, src_lengths, paragraph_ends=src_ends),
                                     aligner.EmbeddedText(tgt_vectors, tgt_lengths, paragraph_ends=tgt_ends)))
        return [bead for bead in result if set(bead[0]) & {3, 4}]

    closing = np.array([0, 0, 0, 0, 1, 0, 0, 0, 1], bool)
    assert beads_of(closing) == [((3,), (3, 4)), ((4,), (5,))]
    assert beads_of(None) == beads_of(closing, None) == beads_of(np.roll(closing, 2)) == [((3,), (3,)), ((4,), (4, 5))]


@pytest.mark.parametrize("pull, follows_turns", [(0.3, True), (0.45, False)])
def test_turns_of_dialogue_stand_in_for_paragraphs_less_surely(pull: float, follows_turns: bool) -> None:
    """Where a text has no paragraphs (one sentence a line), its turns of dialogue stand in for them
    (pipeline.TURN_END each side): a short target sentence that closes a turn as the source sentence
    before it does joins that sentence's bead where it leans only a little towards the next (pull),
    not where it leans as much as a paragraph's end outweighs."""
    m = meanings(8)
    src_vectors, tgt_vectors = m, np.stack([*m[:4], unit(meanings(1, 99)[0] + pull * m[4]), *m[4:]])
    src_lengths, tgt_lengths = np.full(8, 60.0), np.array([60, 60, 60, 60, 25, 60, 60, 60, 60.0])
    src_turns = pipeline.TURN_END * np.array([0, 0, 0, 1, 0, 0, 0, 1])
    tgt_turns = pipeline.TURN_END * np.array([0, 0, 0, 0, 1, 0, 0, 0, 1])

    def beads_of(src_ends: np.ndarray | None, tgt_ends: np.ndarray | None) -> list[aligner.BeadIds]:
        result = paths(aligner.align(aligner.EmbeddedText(src_vectors, src_lengths, paragraph_ends=src_ends),
                                     aligner.EmbeddedText(tgt_vectors, tgt_lengths, paragraph_ends=tgt_ends)))
        return [bead for bead in result if set(bead[0]) & {3, 4}]

    leaning = [((3,), (3,)), ((4,), (4, 5))]
    assert beads_of(None, None) == leaning
    assert beads_of(src_turns, tgt_turns) == ([((3,), (3, 4)), ((4,), (5,))] if follows_turns else leaning)


@pytest.mark.parametrize("surely, pull", [(1.0, 3.0), (pipeline.TURN_END, 2.5)])
def test_a_bead_runs_across_a_paragraph_on_one_side_only_at_a_cost(surely: float, pull: float) -> None:
    """A short reply that leans towards the speech before it ("Not at all, sir.") stays in its own
    paragraph's bead: a bead whose one side runs across a paragraph's end (or a turn of dialogue's,
    less surely, so a reply leaning less) that the other side's does not pays paragraph_crossing."""
    m = meanings(10)
    # paragraphs of two sentences, the second and third opening with a short reply; one sentence each
    src_vectors = np.stack([m[0], m[1], unit(m[2] + pull * m[1]), m[3], unit(m[4] + pull * m[3]), *m[5:]])
    tgt_vectors = np.stack([unit(m[2 * k] + m[2 * k + 1]) for k in range(5)])
    src_lengths, tgt_lengths = np.array([60, 60, 15, 60, 15, 60, 60, 60, 60, 60.0]), np.full(5, 120.0)
    src_ends, tgt_ends = surely * np.array([0, 1] * 5, dtype=float), surely * np.ones(5)

    def beads_of(params: aligner.Params) -> list[aligner.BeadIds]:
        return paths(aligner.align(aligner.EmbeddedText(src_vectors, src_lengths, paragraph_ends=src_ends),
                                   aligner.EmbeddedText(tgt_vectors, tgt_lengths, paragraph_ends=tgt_ends), params))[1:3]

    assert beads_of(aligner.Params()) == [((2, 3), (1,)), ((4, 5), (2,))]
    assert beads_of(replace(aligner.Params(), paragraph_crossing=0.0)) == [((2, 3, 4), (1,)), ((5,), (2,))]


_SWEAR = "'I swear I won't tell anyone!'"


@pytest.mark.parametrize("announcement, said, joined", [
    ("He made frightened eyes and added:", _SWEAR, True), ("He made frightened eyes.", _SWEAR, False),
    # older translations announce speech with a dash ("She stammered—" for "elle balbutiait:"), or with both
    ("He made frightened eyes and stammered—", _SWEAR, True), ("He made frightened eyes and began : --", _SWEAR, True),
    # a line of verse that a dash carries on to the next ("Yet you balanced an eel on the end of your nose—")
    ("Yet you balanced an eel on the end of your nose—", "What made you so awfully clever?", False),
])
def test_what_a_colon_announces_goes_with_its_announcement_where_the_other_side_does_not_cut_there(
        announcement: str, said: str, joined: bool) -> None:
    """The source cuts "he added:" from the words it announces, the translation keeps them in one
    sentence; the quote's vector leans a little towards the next sentence. After a colon it goes with
    the announcement; after a full stop, to the bead it resembles."""
    m = meanings(12, 5)
    quote = unit(m[11] + 0.3 * m[4])
    src_texts = [f"Sentence {i}." for i in range(9)]
    src_texts[3], src_texts[4] = announcement, said
    src = aligner.EmbeddedText(np.stack([*m[:4], quote, *m[4:8]]), np.array([60, 60, 60, 40, 30, 60, 60, 60, 60.0]), src_texts)
    tgt = aligner.EmbeddedText(m[:8], np.array([60, 60, 60, 70, 60, 60, 60, 60.0]), [f"Phrase {j}." for j in range(8)])
    result = paths(aligner.align(src, tgt))
    assert (((3, 4), (3,)) in result) == joined
    assert (((4, 5), (4,)) in result) != joined


def test_a_colon_costs_only_where_one_side_cuts_there() -> None:
    """The bead opening after "He added:" costs colon_gain against a text that does not cut there, and
    nothing against one that cuts there too (Text+Berg's segmentation cuts at colons on both sides)."""
    m = meanings(6, 6)
    cut = [f"Sentence {i}." for i in range(6)]
    cut[2] = "He added:"
    lengths = np.full(6, 50.0)
    runs = {name: aligner._Runs.of(aligner.EmbeddedText(m, lengths, texts), np.zeros(6))
            for name, texts in (("cut", cut), ("not cut", [f"Sentence {i}." for i in range(6)]))}

    def gain(src: str, tgt: str, colon_gain: float) -> float:  # of the 1-1 bead of sentence 3, after the colon
        params = aligner.Params(colon_gain=colon_gain)
        return float(aligner._block_gains(4, 5, 0, 6, runs[src], runs[tgt], 1.0, params)[0, 0, 4, 0])

    assert gain("cut", "cut", -1.5) == gain("cut", "cut", 0.0)
    assert gain("cut", "not cut", -1.5) == pytest.approx(gain("cut", "not cut", 0.0) - 1.5)
    assert gain("not cut", "cut", -1.5) == pytest.approx(gain("not cut", "cut", 0.0) - 1.5)


@pytest.mark.parametrize("second_pass", [False, True])
@pytest.mark.parametrize("side", ["src", "tgt"])
def test_a_sentence_that_goes_on_is_never_left_out_alone(side: str, second_pass: bool) -> None:
    """"me demanda-t-il." without a counterpart of its own (the translation drops the attribution)
    stays in its question's bead rather than standing as a 1-0 or 0-1 bead, neither chosen by the
    programme nor detached by the second pass: it goes on from the sentence before, as the gold
    segmentations cut it."""
    m = meanings(12, 21)
    texts = [f"Phrase {i}." for i in range(9)]
    texts[3], texts[4] = "« Que faisiez-vous derrière le rideau ?", "me demanda-t-il d'un ton sec."
    unlike = unit(m[11] - 0.3 * m[3])  # a few words, rather unlike the question: a merge would cost more than a skip
    vectors = np.stack([*m[:4], unlike, *m[4:8]])
    others = [f"Sentence {j}." for j in range(8)]

    def embed(joined: list[str]) -> np.ndarray:  # a run read whole: the sum of its sentences
        return np.stack([unit(sum(vectors[texts.index(t)] if t in texts else m[others.index(t)]
                                  for t in texts + others if t in text)) for text in joined])

    cut = aligner.EmbeddedText(vectors, np.array([60, 60, 60, 40, 30, 60, 60, 60, 60.0]), texts)
    whole = aligner.EmbeddedText(m[:8], np.array([60, 60, 60, 40, 60, 60, 60, 60.0]), others)
    reads = embed if second_pass else None
    if side == "src":
        assert ((3, 4), (3,)) in paths(aligner.align(cut, whole, embed=reads))
    else:
        assert ((3,), (3, 4)) in paths(aligner.align(whole, cut, embed=reads))


def test_a_band_without_anchors_is_narrowed_to_a_passable_corridor():
    # two texts with no anchor between their ends (unrelated): the whole rectangle, quadratic
    n, m = 3000, 1000
    lo, hi = aligner.band([], n, m, 8)
    assert int((hi - lo).sum()) > aligner.BAND_CELLS * (n + m)
    cut_lo, cut_hi = aligner.narrowed(lo, hi, [], 8)
    assert int((cut_hi - cut_lo).sum()) <= aligner.BAND_CELLS * (n + m)
    assert cut_lo[0] == 0 and cut_hi[-1] == m + 1 and (cut_lo < cut_hi).all()
    assert (np.diff(cut_lo) >= 0).all() and (np.diff(cut_hi) >= 0).all() and (cut_lo[1:] < cut_hi[:-1]).all()
    assert (cut_lo >= lo).all() and (cut_hi <= hi).all()
    # a band of a few cells a sentence (texts that correspond) is left as it is
    lo, hi = aligner.band([(k, k) for k in range(0, n, 5)], n, n, 8)
    assert aligner.narrowed(lo, hi, [(k, k) for k in range(0, n, 5)], 8) == (lo, hi)


def test_unrelated_texts_are_aligned_within_the_narrowed_band(monkeypatch):
    # every sentence alike and none clearly another's counterpart: no anchor, the whole rectangle
    n = m = 1200
    src, tgt = (aligner.EmbeddedText(unit(np.ones(64)) + 0.01 * meanings(k, seed, 64), np.full(k, 40.0))
                for k, seed in ((n, 1), (m, 2)))
    bands = []
    narrowed = aligner.narrowed
    monkeypatch.setattr(aligner, "narrowed", lambda *a: bands.append(narrowed(*a)) or bands[-1])
    beads = aligner.align(src, tgt)
    assert bands and int((bands[0][1] - bands[0][0]).sum()) <= aligner.BAND_CELLS * (n + m) < n * m
    assert sorted(i for (s, _), _ in beads for i in s) == list(range(n))
    assert sorted(j for (_, t), _ in beads for j in t) == list(range(m))


def test_a_short_texts_own_translations_do_not_make_up_the_chance_level() -> None:
    """The Hippocratic oath in English and Serbian (bilinguator's aligned texts): an author and a
    title very alike, twelve lines only a little alike (0.3 to 0.6). Random pairs drawn over the whole
    square hold the translations too, one in fourteen, and their top set the chance level above ten
    of the lines: the oath's body had come out as a 11-0 and a 0-10 bead."""
    n = 14
    base, noise = meanings(n, 95), meanings(n, 96)
    weights = np.concatenate([[0.95, 0.95, 0.5], np.linspace(0.3, 0.36, n - 4), [0.5]])
    translation = np.stack([unit(w * b + np.sqrt(1 - w * w) * e) for w, b, e in zip(weights, base, noise)])
    runs = [aligner._Runs.of(aligner.EmbeddedText(v, np.full(n, 60.0)), np.zeros(n)) for v in (base, translation)]
    path = [((i,), (i,)) for i in range(n)]
    assert aligner._unrelated_apart(path, *runs, (None, None)) == path


def test_pairs_made_where_the_texts_do_not_correspond_are_not_confident() -> None:
    """A translator's preface of 70 sentences against the original's 4 lines of licences (Ormsby's
    Don Quixote): each licence line is a little like one of the preface's (a date, a name), the
    programme pairs them, as pairing costs less than leaving out, and those pairs had been as
    confident as any (0.99). The text around them does not correspond, so they are doubtful now; the
    translated chapters after them stay confident."""
    body, noise, preface = meanings(60, 81), meanings(4, 82), meanings(70, 83)
    licences = np.stack([unit(preface[8 * i + 10] + 1.2 * noise[i]) for i in range(4)])
    src = aligner.EmbeddedText(np.concatenate([licences, body]), np.full(64, 80.0))
    tgt = aligner.EmbeddedText(np.concatenate([preface, body]), np.full(130, 80.0))
    beads = aligner.align(src, tgt)
    front = [score for (s, t), score in beads if s and t and s[0] < 4]
    assert len(front) == 4 and max(front) < LOW_CONFIDENCE
    assert min(score for (s, t), score in beads if s and s[0] >= 4 and t) > 0.8
