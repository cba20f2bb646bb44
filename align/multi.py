"""N texts: pairwise alignments with one pivot merged into rows, and the beads between any two texts.

The pivot is cut at the union of every pair's bead boundaries (their finest common partition), so
each row holds, for every text, a run of consecutive sentences. A pair's bead whose pivot part
spans several rows puts its sentences in the first of them and is flagged CONTINUED in the later
ones; a bead without pivot sentences gets a row with an empty pivot cell, shared with the other
texts' pivot-less beads at the same place. `Alignment.pair(k)` gives each pair back exactly.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from .records import CONTINUED, AlignError, Alignment, Bead

PLACEHOLDER = Bead((), (), 1.0)  # a text with nothing in a row that is none of its beads


def merge(pairs: Sequence[Alignment]) -> Alignment:
    """One N-text alignment from the alignments of one pivot with each other text."""
    if not pairs:
        raise AlignError("nothing to merge")
    pivot = pairs[0].src
    for pair in pairs:
        if [i for b in pair.beads for i in b.src] != list(range(len(pivot.sentences))) or \
                [j for b in pair.beads for j in b.tgt] != list(range(len(pair.tgt.sentences))):
            raise AlignError("the pairwise alignments do not each cover one pivot text and their own, in order")
    if len(pairs) == 1:
        return pairs[0]  # its beads are its rows (a book's ten thousand rebuilt took a quarter of a second)
    cuts = sorted({0, len(pivot.sentences)} | {b.src[0] for p in pairs for b in p.beads if b.src})
    columns = [_column(p.beads, cuts) for p in pairs]
    rows: list[Bead] = []
    for start in cuts:
        inserted = [column.get(("insert", start), []) for column in columns]
        for n in range(max(map(len, inserted))):
            cells = [beads[n] if n < len(beads) else _filler(column, start) for beads, column in zip(inserted, columns)]
            rows.append(_row(cells))
        if start < len(pivot.sentences):
            rows.append(_row([column[("rows", start)] for column in columns]))
    return replace(pairs[0], beads=tuple(rows), others=tuple(p.tgt for p in pairs[1:]))


def _column(beads: Sequence[Bead], cuts: list[int]) -> dict:
    """One pair's cells: ("rows", start) for the pivot segment starting there, ("insert", start)
    for the pivot-less beads just before it, ("inside", start) for a bead spanning that cut."""
    cells: dict = {}
    position = 0
    for bead in beads:
        if not bead.src:
            cells.setdefault(("insert", position), []).append(bead)
            continue
        first, stop = bisect.bisect_left(cuts, bead.src[0]), bisect.bisect_right(cuts, bead.src[-1])
        for n in range(first, stop):
            src = tuple(range(cuts[n], cuts[n + 1]))
            if n == first:
                cells[("rows", cuts[n])] = replace(bead, src=src)
            else:
                cells[("rows", cuts[n])] = replace(bead, src=src, tgt=(), flags=bead.flags + (CONTINUED,), words=None)
                cells[("inside", cuts[n])] = bead
        position = bead.src[-1] + 1
    return cells


def _filler(column: dict, start: int) -> Bead:
    """A text's cell in another text's pivot-less row: part of its bead spanning the place, or empty."""
    spanning = column.get(("inside", start))
    if spanning is None:
        return PLACEHOLDER
    return replace(spanning, src=(), tgt=(), flags=spanning.flags + (CONTINUED,), words=None)


def _row(cells: list[Bead]) -> Bead:
    """A row: text 1's cell carrying the others' (all cells hold the same pivot sentences)."""
    return replace(cells[0], others=tuple(cells[1:]))


def row_beads(alignment: Alignment, k: int) -> list[Bead | None]:
    """For every row, the whole bead of the pivot with text k that the row is part of (as
    `alignment.pair(k)` has it); None where text k has nothing in that row."""
    beads, owners, n = alignment.pair(k).beads, [], -1
    for row in alignment.beads:
        cell = row.pair(k)
        if CONTINUED in cell.flags and n >= 0:
            owners.append(beads[n])
        elif cell.src or cell.tgt:
            n += 1
            owners.append(beads[n])
        else:
            owners.append(None)
    return owners


def row_of(alignment: Alignment, k: int, n: int) -> int:
    """The row in which bead n of `alignment.pair(k)` starts."""
    seen = -1
    for r, row in enumerate(alignment.beads):
        cell = row.pair(k)
        if (cell.src or cell.tgt) and CONTINUED not in cell.flags:
            seen += 1
            if seen == n:
                return r
    raise AlignError(f"text {k} has no bead {n}")


def between(alignment: Alignment, i: int, j: int) -> Alignment:
    """The two-text alignment of text i with text j (0 = the pivot). From the pivot, exactly that
    pair's beads; otherwise rows joined wherever either text's bead continues, through the pivot,
    and rows empty in both dropped. A joined bead's score is the least of its parts."""
    count = len(alignment.sides)
    if not (0 <= i < count and 0 <= j < count) or i == j:
        raise AlignError(f"--columns takes two different texts numbered 0 to {count - 1}, not {i} and {j}")
    if i == 0:
        return alignment.pair(j)
    blocks: list[list[Bead]] = []
    for row in alignment.beads:
        parts = [row.pair(k) for k in (i, j) if k]
        if blocks and any(CONTINUED in p.flags for p in parts):
            blocks[-1].append(row)
        else:
            blocks.append([row])
    beads = []
    for block in blocks:
        left = tuple(x for row in block for x in row.columns[i])
        right = tuple(x for row in block for x in row.columns[j])
        if left or right:
            parts = [row.pair(k) for row in block for k in (i, j) if k]
            score = min((p.score for p in parts if p.src or p.tgt or CONTINUED in p.flags), default=1.0)
            beads.append(Bead(left, right, score, _shape_flags(left, right)))
    return replace(alignment, src=alignment.sides[i], tgt=alignment.sides[j], beads=tuple(beads), others=())


def _shape_flags(left: tuple[int, ...], right: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(
        name
        for name, present in (("src-only", not right), ("tgt-only", not left), ("merge", len(left) > 1 or len(right) > 1))
        if present
    )
