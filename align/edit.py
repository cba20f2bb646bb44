"""Corrections by hand: pure edits of an Alignment, and saving them with an undo history.

Every edit returns a new Alignment whose beads are still a monotone partition of both texts.
On disk, `apply_edit` re-reads the current file under a lock, applies the edit to that and
saves it, so two browser tabs never overwrite each other's changes with a stale copy.
Previous versions live next to the file in `<name>.history/000001.parquet`, ...
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .pipeline import LOW_CONFIDENCE, bead_flags
from .records import AlignError, Alignment, Bead
from .store import read_parquet, write_parquet
from .words import regroup

HISTORY_LIMIT = 100  # versions kept for undo
UNVERIFIED_SCORE = LOW_CONFIDENCE  # a bead a person un-verifies is undecided again
_LOCK_WAIT_S = 10.0
_STALE_LOCK_S = 60.0


def validate(alignment: Alignment) -> None:
    """Raise AlignError unless the beads cover every sentence of both sides once, in order."""
    for name, side, ids in (
        ("source", alignment.src, [i for b in alignment.beads for i in b.src]),
        ("target", alignment.tgt, [j for b in alignment.beads for j in b.tgt]),
    ):
        if ids != list(range(len(side.sentences))):
            raise AlignError(f"the beads do not cover the {name} sentences once each, in order")
    for n, bead in enumerate(alignment.beads):
        if not bead.src and not bead.tgt:
            raise AlignError(f"bead {n} is empty")
        if not 0.0 <= bead.score <= 1.0:
            raise AlignError(f"bead {n} has a score outside [0, 1]")


def find_bead(alignment: Alignment, src: tuple[int, ...], tgt: tuple[int, ...]) -> int:
    """The number of the bead with exactly these sentences; AlignError if it has changed."""
    for n, bead in enumerate(alignment.beads):
        if bead.src == tuple(src) and bead.tgt == tuple(tgt):
            return n
    raise AlignError("that bead has changed meanwhile (another tab?); the current version is shown")


def merge(alignment: Alignment, n: int) -> Alignment:
    """Merge bead n with bead n + 1."""
    _check_index(alignment, n)
    if n + 1 >= len(alignment.beads):
        raise AlignError("the last bead has no next bead to merge with")
    first, second = alignment.beads[n], alignment.beads[n + 1]
    bead = _edited(alignment, first.src + second.src, first.tgt + second.tgt, min(first.score, second.score))
    return _with_beads(alignment, n, n + 2, [bead])


def split(alignment: Alignment, n: int, src_at: int, tgt_at: int) -> Alignment:
    """Split bead n into two: its first `src_at` source and `tgt_at` target sentences, and the rest.
    Either part may be one-sided; neither may be empty."""
    _check_index(alignment, n)
    bead = alignment.beads[n]
    if not (0 <= src_at <= len(bead.src) and 0 <= tgt_at <= len(bead.tgt)):
        raise AlignError("the split point is outside the bead")
    first_src, first_tgt = bead.src[:src_at], bead.tgt[:tgt_at]
    rest_src, rest_tgt = bead.src[src_at:], bead.tgt[tgt_at:]
    if not (first_src or first_tgt) or not (rest_src or rest_tgt):
        raise AlignError("a split must leave sentences on both sides of it")
    parts = [_edited(alignment, first_src, first_tgt, bead.score), _edited(alignment, rest_src, rest_tgt, bead.score)]
    return _with_beads(alignment, n, n + 1, parts)


def split_points(bead: Bead) -> list[tuple[int, int]]:
    """Every (src_at, tgt_at) that `split` accepts for this bead, the most even split first."""
    points = [
        (i, j)
        for i in range(len(bead.src) + 1)
        for j in range(len(bead.tgt) + 1)
        if (i or j) and (i < len(bead.src) or j < len(bead.tgt))
    ]
    return sorted(points, key=lambda p: abs(2 * p[0] - len(bead.src)) + abs(2 * p[1] - len(bead.tgt)))


def move(alignment: Alignment, n: int, side: str, to: str) -> Alignment:
    """Move a boundary sentence of bead n on `side` ("src" or "tgt"): its last sentence to the start
    of the next bead (to="next"), or its first sentence to the end of the previous one (to="previous").
    A bead left with no sentences disappears."""
    _check_index(alignment, n)
    if side not in ("src", "tgt") or to not in ("next", "previous"):
        raise AlignError("move: side must be 'src' or 'tgt', direction 'next' or 'previous'")
    other = n + 1 if to == "next" else n - 1
    if not 0 <= other < len(alignment.beads):
        raise AlignError(f"bead {n} has no {to} bead")
    bead, neighbour = alignment.beads[n], alignment.beads[other]
    ids = getattr(bead, side)
    if not ids:
        raise AlignError("that side of the bead has no sentence to move")
    if to == "next":
        kept, moved = ids[:-1], getattr(neighbour, side)
        grown = (ids[-1],) + moved
    else:
        kept, moved = ids[1:], getattr(neighbour, side)
        grown = moved + (ids[0],)
    new_bead = _edited_side(alignment, bead, side, kept)
    new_neighbour = _edited_side(alignment, neighbour, side, grown)
    pair = [new_bead, new_neighbour] if to == "next" else [new_neighbour, new_bead]
    start = min(n, other)
    return _with_beads(alignment, start, start + 2, [b for b in pair if b.src or b.tgt])


def set_verified(alignment: Alignment, n: int, verified: bool = True) -> Alignment:
    """Mark bead n as checked by a person (score 1.0), or take that back (score UNVERIFIED_SCORE)."""
    _check_index(alignment, n)
    bead = alignment.beads[n]
    flags = [f for f in bead.flags if f not in ("verified", "edited", "low-confidence")]
    score = 1.0 if verified else UNVERIFIED_SCORE
    flags += ["edited"] + (["verified"] if verified else []) + (["low-confidence"] if score < LOW_CONFIDENCE else [])
    return _with_beads(alignment, n, n + 1, [replace(bead, score=score, flags=tuple(flags))])


# --- on disk ---------------------------------------------------------------------------------


def history_dir(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".history")


def history(path: str | Path) -> list[Path]:
    """The saved previous versions, oldest first."""
    folder = history_dir(path)
    return sorted(folder.glob("[0-9]*.parquet")) if folder.is_dir() else []


def save_edit(path: str | Path, alignment_before: Alignment, alignment_after: Alignment) -> None:
    """Keep `alignment_before` in the history, then write `alignment_after` to `path` (both atomically)."""
    validate(alignment_after)
    versions = history(path)
    number = int(versions[-1].stem) + 1 if versions else 1
    write_parquet(alignment_before, history_dir(path) / f"{number:06d}.parquet")
    write_parquet(alignment_after, path)
    for old in versions[: max(0, len(versions) + 1 - HISTORY_LIMIT)]:
        old.unlink(missing_ok=True)


def apply_edit(path: str | Path, edit: Callable[[Alignment], Alignment]) -> Alignment:
    """Read the alignment now on disk, apply `edit` to it, save the result with history."""
    with _locked(path):
        before = read_parquet(path)
        after = edit(before)
        save_edit(path, before, after)
    return after


def undo(path: str | Path) -> Alignment:
    """Restore the version before the last saved edit; AlignError if there is none."""
    with _locked(path):
        versions = history(path)
        if not versions:
            raise AlignError("nothing to undo")
        restored = read_parquet(versions[-1])
        os.replace(versions[-1], path)  # atomic: the file is the old version or the new one, never half
    return restored


# --- helpers ---------------------------------------------------------------------------------


def _check_index(alignment: Alignment, n: int) -> None:
    if not 0 <= n < len(alignment.beads):
        raise AlignError(f"there is no bead {n}")


def _with_beads(alignment: Alignment, start: int, stop: int, beads: list[Bead]) -> Alignment:
    old = alignment.beads[start:stop]
    if any(b.words for b in old):  # carry the word links over to the changed beads
        beads = [b if b.words else regroup(alignment, old, b) for b in beads]
    result = replace(alignment, beads=alignment.beads[:start] + tuple(beads) + alignment.beads[stop:])
    validate(result)
    return result


def _edited_side(alignment: Alignment, bead: Bead, side: str, ids: tuple[int, ...]) -> Bead:
    src, tgt = (ids, bead.tgt) if side == "src" else (bead.src, ids)
    return _edited(alignment, src, tgt, bead.score)


def _edited(alignment: Alignment, src: tuple[int, ...], tgt: tuple[int, ...], score: float) -> Bead:
    """A bead changed by hand: unverified, flagged "edited", structural flags recomputed."""
    flags = bead_flags(src, tgt, score, alignment.src, alignment.tgt)
    return Bead(tuple(src), tuple(tgt), score, flags + ("edited",))


@contextlib.contextmanager
def _locked(path: str | Path) -> Iterator[None]:
    """A lock shared by every process editing `path`: a sibling folder, made atomically."""
    lock = Path(path).with_name(Path(path).name + ".lock")
    deadline = time.monotonic() + _LOCK_WAIT_S
    while True:
        try:
            lock.mkdir()
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > _STALE_LOCK_S:  # left by a crashed process
                    lock.rmdir()
                    continue
            if time.monotonic() > deadline:
                raise AlignError(f"{path} is being changed elsewhere; try again") from None
            time.sleep(0.05)
    try:
        yield
    finally:
        lock.rmdir()
