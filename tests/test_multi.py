"""N texts: merging pairwise alignments into rows, and the beads between any two texts."""

from __future__ import annotations

import random

import pytest

from align import multi
from align.records import CONTINUED, AlignError, Alignment, Bead, Sentence, Side


def side(n: int, lang: str) -> Side:
    return Side(tuple(Sentence(i, f"{lang} {i}") for i in range(n)), lang, f"{lang}.txt")


def random_beads(rng: random.Random, n_src: int) -> tuple[list[Bead], int]:
    """A random monotone partition of n_src pivot sentences and some target sentences, with
    one-sided beads of both kinds; returns the beads and the number of target sentences."""
    beads, i, j = [], 0, 0
    while i < n_src or rng.random() < 0.2:
        s = 0 if rng.random() < 0.15 else min(rng.choice([1, 1, 1, 2, 3]), n_src - i)
        t = 0 if s and rng.random() < 0.15 else rng.choice([1, 1, 2, 3])
        if not s and not t:
            continue
        beads.append(Bead(tuple(range(i, i + s)), tuple(range(j, j + t)), round(rng.random(), 3), (f"f{len(beads)}",)))
        i, j = i + s, j + t
    return beads, j


def random_pairs(rng: random.Random, texts: int) -> list[Alignment]:
    n = rng.randint(1, 25)
    pivot, pairs = side(n, "p"), []
    for k in range(1, texts):
        beads, m = random_beads(rng, n)
        pairs.append(Alignment(pivot, side(m, f"t{k}"), tuple(beads), model="m"))
    return pairs


@pytest.mark.parametrize("seed", range(300))
def test_merge_gives_every_pair_back_and_each_column_covers_its_text_once(seed: int) -> None:
    rng = random.Random(seed)
    pairs = random_pairs(rng, rng.randint(2, 5))
    merged = multi.merge(pairs)
    assert merged.sides == (pairs[0].src, *(p.tgt for p in pairs))
    for k, pair in enumerate(pairs, start=1):
        assert merged.pair(k).beads == pair.beads
        assert multi.between(merged, 0, k).beads == pair.beads
        owners = multi.row_beads(merged, k)
        assert [b for row, b in zip(merged.beads, owners) if b and CONTINUED not in row.pair(k).flags] == list(pair.beads)
        for row, owner in zip(merged.beads, owners):  # each row lies within the bead it is part of
            assert owner is None or (set(row.src) <= set(owner.src) and set(row.columns[k]) <= set(owner.tgt))
    for k, text in enumerate(merged.sides):
        ids = [i for row in merged.beads for i in row.columns[k]]
        assert ids == list(range(len(text.sentences)))  # monotone, each sentence once
    for row in merged.beads:
        assert all(other.src == row.src for other in row.others)
        assert any(row.columns)


@pytest.mark.parametrize("seed", range(100))
def test_beads_between_two_translations_cover_both_and_respect_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    pairs = random_pairs(rng, 3)
    merged = multi.merge(pairs)
    beads = multi.between(merged, 1, 2).beads
    assert [i for b in beads for i in b.src] == list(range(len(pairs[0].tgt.sentences)))
    assert [j for b in beads for j in b.tgt] == list(range(len(pairs[1].tgt.sentences)))
    assert all(b.src or b.tgt for b in beads)
    # no bead of either pair is cut: its target sentences all land in one bead
    for k, attr in ((0, "src"), (1, "tgt")):
        where = {x: n for n, b in enumerate(beads) for x in getattr(b, attr)}
        for bead in pairs[k].beads:
            assert len({where[x] for x in bead.tgt}) <= 1
    reverse = multi.between(merged, 2, 1).beads
    assert [(b.tgt, b.src) for b in reverse] == [(b.src, b.tgt) for b in beads]


def test_a_bead_spanning_rows_is_continued_and_pivotless_beads_share_a_row() -> None:
    pivot = side(3, "p")
    one = Alignment(pivot, side(3, "a"), (Bead((0, 1), (0,), 0.8), Bead((), (1,), 0.3), Bead((2,), (2,), 0.9)), "m")
    two = Alignment(pivot, side(4, "b"), (Bead((0,), (0,), 0.7), Bead((1,), (1,), 0.6), Bead((), (2,), 0.4),
                                        Bead((2,), (3,), 0.5)), "m")
    merged = multi.merge([one, two])
    assert [row.columns for row in merged.beads] == [
        ((0,), (0,), (0,)),
        ((1,), (), (1,)),
        ((), (1,), (2,)),  # the two additions at the same place share a row
        ((2,), (2,), (3,)),
    ]
    assert CONTINUED in merged.beads[1].flags and CONTINUED not in merged.beads[2].flags
    assert merged.beads[0].others[0].score == 0.7
    assert multi.between(merged, 1, 2).beads == (
        Bead((0,), (0, 1), 0.6, ("merge",)),
        Bead((1,), (2,), 0.3),
        Bead((2,), (3,), 0.5),
    )


def test_an_addition_inside_another_texts_merged_bead_continues_that_bead() -> None:
    pivot = side(2, "p")
    one = Alignment(pivot, side(1, "a"), (Bead((0, 1), (0,), 0.8),), "m")
    two = Alignment(pivot, side(3, "b"), (Bead((0,), (0,), 0.7), Bead((), (1,), 0.4), Bead((1,), (2,), 0.5)), "m")
    merged = multi.merge([one, two])
    assert [row.columns for row in merged.beads] == [((0,), (0,), (0,)), ((), (), (1,)), ((1,), (), (2,))]
    assert CONTINUED in merged.beads[1].flags
    assert merged.pair(1).beads == one.beads and merged.pair(2).beads == two.beads


def test_bad_column_numbers_and_mismatched_pivots_are_refused() -> None:
    pairs = random_pairs(random.Random(1), 3)
    merged = multi.merge(pairs)
    for i, j in ((0, 0), (1, 3), (-1, 1)):
        with pytest.raises(AlignError):
            multi.between(merged, i, j)
    other = Alignment(side(len(pairs[0].src.sentences) + 1, "p"), side(1, "x"), (), "m")
    with pytest.raises(AlignError):
        multi.merge([pairs[0], other])


def test_cells_and_row_filters_of_the_reading_room() -> None:
    from align import view

    pivot = Side(tuple(Sentence(i, f"p {i}") for i in range(3)), "de", "de.txt", role="original")
    one = Alignment(pivot, side(3, "a"), (Bead((0, 1), (0,), 0.8, ("merge",)), Bead((), (1,), 0.3), Bead((2,), (2,), 0.9)), "m")
    two = Alignment(pivot, side(3, "b"), (Bead((0,), (0,), 0.7), Bead((1,), (1,), 0.6), Bead((2,), (), 0.4), Bead((), (2,), 0.9)), "m")
    merged = multi.merge([one, two])
    assert [row.columns for row in merged.beads] == [
        ((0,), (0,), (0,)), ((1,), (), (1,)), ((), (1,), ()), ((2,), (2,), ()), ((), (), (2,))]
    assert multi.row_beads(merged, 1) == [one.beads[0], one.beads[0], one.beads[1], one.beads[2], None]
    first, continued = view.column_cells(merged, 1)[:2]
    assert (first["text"], first["kind"], first["score"], first["flags"]) == ("a 0", "2-1", 0.8, ("merge",))
    assert (continued["text"], continued["kind"], continued["score"]) == ("", "continued", 0.8)
    assert view.column_cells(merged, 2)[2]["score"] is None  # nothing of text 2 in that row
    assert view.column_cells(merged, 0)[3] == {"text": "p 2", "kind": "", "score": None, "flags": ()}
    assert view.select_rows(merged, [0, 1, 2]) == [0, 1, 2, 3, 4]
    assert view.select_rows(merged, [2]) == [0, 1, 4]  # rows with text 2
    assert view.select_rows(merged, [0, 1, 2], one_sided=["addition"]) == [2, 4]
    assert view.select_rows(merged, [0, 2], one_sided=["omission"]) == [3]
    assert view.select_rows(merged, [0, 1, 2], below=0.5) == [2, 3]
    assert view.select_rows(merged, [0, 1], not_one_to_one=True) == [0, 2]  # 2-1 and the addition
