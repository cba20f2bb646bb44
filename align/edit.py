"""Corrections by hand: pure edits of an Alignment, and saving them with an undo history.

Every edit returns a new Alignment whose beads are still a monotone partition of both texts.
On disk, `apply_edit` re-reads the current file under a lock, applies the edit to that and
saves it, so two browser tabs never overwrite each other's changes with a stale copy.
Previous versions live next to the file in `<name>.history/000001.parquet`, ...
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from . import aligner, multi
from .embed import CachedEmbedder
from .records import AlignError, Alignment, Bead, bead_flags
from .store import read_parquet, read_recent, saved_recent, write_atomically, write_parquet
from .words import regroup, with_words

HISTORY_LIMIT = 100  # versions kept for undo
MAX_NOTE, MAX_TAG = 10_000, 100  # characters
_LOCK_WAIT_S = 10.0
_STALE_TMP_S = 60.0


def validate(alignment: Alignment) -> None:
    """Raise AlignError unless the beads cover every sentence of both sides once, in order (with
    three texts or more: every pair's beads)."""
    if alignment.others:
        for k in range(1, len(alignment.sides)):
            validate(alignment.pair(k))
        return
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


class StaleBead(AlignError):
    """The bead a person chose is no longer in the file (another tab changed it)."""

    def __init__(self, now: int) -> None:
        super().__init__("that bead has changed meanwhile (in another tab, or by a click just before); the current version is shown")
        self.now = now  # the number of the bead that holds its first sentence now


def find_bead(alignment: Alignment, src: tuple[int, ...], tgt: tuple[int, ...]) -> int:
    """The number of the bead with exactly these sentences; StaleBead if it has changed."""
    for n, bead in enumerate(alignment.beads):
        if bead.src == tuple(src) and bead.tgt == tuple(tgt):
            return n
    side, first = (0, src[0]) if src else (1, tgt[0])
    raise StaleBead(next((n for n, bead in enumerate(alignment.beads) if first in bead.columns[side]), 0))


def merge(alignment: Alignment, n: int) -> Alignment:
    """Merge bead n with bead n + 1."""
    _check_index(alignment, n)
    if n + 1 >= len(alignment.beads):
        raise AlignError("the last bead has no next bead to merge with")
    first, second = alignment.beads[n], alignment.beads[n + 1]
    bead = _edited(alignment, first.src + second.src, first.tgt + second.tgt, min(first.score, second.score))
    note = "\n".join(b.note for b in (first, second) if b.note)  # the reviewer's notes are never dropped
    return _with_beads(alignment, n, n + 2, [replace(bead, note=note, tags=tuple(dict.fromkeys(first.tags + second.tags)))])


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
    parts = [replace(_edited(alignment, ids[0], ids[1], bead.score), note=bead.note, tags=bead.tags)  # on both parts
             for ids in ((first_src, first_tgt), (rest_src, rest_tgt))]
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
    """Mark bead n as checked by a person, or take that back. The model's confidence is kept
    as it is (a person's check is not the model's), and the bead is not "edited": nothing in it changed."""
    _check_index(alignment, n)
    bead = alignment.beads[n]
    flags = tuple(f for f in bead.flags if f != "verified") + (("verified",) if verified else ())
    return _with_beads(alignment, n, n + 1, [replace(bead, flags=flags)])


def set_note(alignment: Alignment, n: int, note: str, tags: Iterable[str] = ()) -> Alignment:
    """Bead n with a reviewer's note and tags (each tag trimmed, empty ones and repeats dropped)."""
    _check_index(alignment, n)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise AlignError(f"a note holds at most {MAX_NOTE} characters, not {len(note)}")
    clean = tuple(dict.fromkeys(t for t in (" ".join(tag.split()) for tag in tags) if t))
    if any(len(tag) > MAX_TAG for tag in clean):
        raise AlignError(f"a tag holds at most {MAX_TAG} characters")
    return _with_beads(alignment, n, n + 1, [replace(alignment.beads[n], note=note, tags=clean)])


def note_pair_bead(alignment: Alignment, k: int, src: tuple[int, ...], tgt: tuple[int, ...], note: str,
                   tags: Iterable[str] = ()) -> Alignment:
    """The note and tags of the bead of the pivot and text k with these sentences: with three texts
    or more, notes belong to rows, and it goes to the row where that bead starts."""
    if not alignment.others:
        return set_note(alignment, find_bead(alignment, src, tgt), note, tags)
    return set_note(alignment, multi.row_of(alignment, k, find_bead(alignment.pair(k), src, tgt)), note, tags)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as one line: separated by commas ("calque, omission by censorship")."""
    return tuple(dict.fromkeys(t for t in (" ".join(part.split()) for part in text.split(",")) if t))


def rescore(alignment: Alignment, embedder: CachedEmbedder, numbers: Iterable[int]) -> Alignment:
    """Beads `numbers` with their confidence computed again by the aligner's model, from the
    sentences' vectors (in the cache since the alignment was made: no new embedding), so that a
    bead changed by hand is scored like any other."""
    numbers = list(numbers)
    if not numbers:
        return alignment
    sides = []
    for side in (alignment.src, alignment.tgt):
        texts = [s.text for s in side.sentences]
        sides.append(aligner.EmbeddedText(embedder.encode(texts), np.array([len(t) for t in texts], dtype=np.float64), texts))
    path = [(b.src, b.tgt) for b in alignment.beads]
    scores = aligner.confidences(path, aligner.bead_features(sides[0], sides[1], path))  # the aligner's own model
    beads = list(alignment.beads)
    for n in numbers:  # the bead's note, tags and word links (with its flag "partial") stay as the edit left them
        rescored = _edited(alignment, beads[n].src, beads[n].tgt, scores[n])
        beads[n] = with_words(replace(rescored, note=beads[n].note, tags=beads[n].tags), beads[n].words)
    return replace(alignment, beads=tuple(beads))


def correct(
    path: str | Path,
    k: int,
    src: tuple[int, ...],
    tgt: tuple[int, ...],
    action: str,
    *args: object,
    embedder: Callable[[Alignment], CachedEmbedder] | None = None,
    session: str = "",
) -> tuple[int, bool]:
    """A correction as the reading room makes it: `action` ("verify", "merge", "split", "move", with
    their arguments after the bead number) on the bead of the pivot and text k with these sentences,
    in the file as it is now on disk, saved with undo history. Beads it changed get their confidence
    from the model again (`embedder(alignment)` gives it). Returns the bead's number after the edit,
    and whether the changed beads were scored again (False when the model is not available)."""
    if action not in ("verify", *_EDITS):
        raise AlignError(f"no correction {action!r}")
    outcome = {"bead": 0, "rescored": True}

    def change(alignment: Alignment) -> Alignment:
        n = find_bead(alignment, src, tgt)
        outcome["bead"] = n
        if action == "verify":
            return set_verified(alignment, n, *args)
        edited = _EDITS[action](alignment, n, *args)
        before = {(b.src, b.tgt) for b in alignment.beads}
        changed = [m for m, b in enumerate(edited.beads) if (b.src, b.tgt) not in before]
        try:
            if embedder is None:
                raise AlignError("no model given")
            return rescore(edited, embedder(alignment), changed)
        except AlignError:  # the model is not available here: saved with the old confidence
            outcome["rescored"] = False
            return edited

    apply_edit(path, on_pair(k, change), session)
    return outcome["bead"], outcome["rescored"]


def on_pair(k: int, change: Callable[[Alignment], Alignment]) -> Callable[[Alignment], Alignment]:
    """An edit of the beads between the pivot and text k: with three texts or more it is applied to
    that pair alone, then the pairs are merged into rows again."""
    def apply(alignment: Alignment) -> Alignment:
        if not alignment.others and k == 1:
            return change(alignment)
        if not 1 <= k < len(alignment.sides):
            raise AlignError(f"there is no text {k} to edit")
        pairs = [alignment.pair(j) for j in range(1, len(alignment.sides))]
        pairs[k - 1] = change(pairs[k - 1])
        return multi.merge(pairs)
    return apply


_EDITS: dict[str, Callable[..., Alignment]] = {"merge": merge, "split": split, "move": move}


# --- on disk ---------------------------------------------------------------------------------


def history_dir(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".history")


def history(path: str | Path) -> list[Path]:
    """The saved previous versions, oldest first: `000012.parquet`, or `000012-<session>.parquet`
    for a version saved by an edit of that session."""
    folder = history_dir(path)
    return sorted(folder.glob("[0-9]*.parquet")) if folder.is_dir() else []


def last_change_by(path: str | Path) -> str | None:
    """The session that made the latest saved change ("" if none was named), None if there is none."""
    versions = history(path)
    return versions[-1].stem.partition("-")[2] if versions else None


def save_edit(path: str | Path, alignment_before: Alignment, alignment_after: Alignment, session: str = "") -> None:
    """Keep `alignment_before` in the history, then write `alignment_after` to `path` (both atomically).
    `session` names who made the change, so that only they undo it."""
    _save(path, lambda kept: write_parquet(alignment_before, kept), alignment_after, session)


def _save(path: str | Path, keep: Callable[[Path], None], alignment_after: Alignment, session: str) -> None:
    """`keep(file)` writes the version before into the history file given; then `alignment_after` is written."""
    validate(alignment_after)
    versions = history(path)
    number = int(versions[-1].stem.partition("-")[0]) + 1 if versions else 1
    owner = _owner(session)
    kept = history_dir(path) / (f"{number:06d}-{owner}.parquet" if owner else f"{number:06d}.parquet")
    _no_link(history_dir(path))
    keep(kept)
    write_parquet(alignment_after, path)
    saved_recent(path, alignment_after)
    for old in versions[: max(0, len(versions) + 1 - HISTORY_LIMIT)]:
        old.unlink(missing_ok=True)


def apply_edit(path: str | Path, edit: Callable[[Alignment], Alignment], session: str = "") -> Alignment:
    """Read the alignment now on disk, apply `edit` to it, save the result with history. The file as
    it was is copied into the history as it stands (writing a book's alignment anew takes a while)."""
    try:
        with _locked(path):
            file = Path(path).read_bytes()
            before = read_recent(path)
            after = edit(before)
            _save(path, lambda kept: write_atomically(kept, file), after, session)
    except OSError as error:  # a read-only folder, a full disk: said in one line, nothing half-written
        raise AlignError(f"cannot save the change to {path}: {error.strerror or error}") from None
    return after


def undo(path: str | Path, session: str | None = None) -> Alignment:
    """Restore the version before the last saved edit; AlignError if there is none, or if
    `session` is given and the last edit was made by another session (its change is not ours to undo)."""
    try:
        return _undo(path, session)
    except OSError as error:
        raise AlignError(f"cannot undo the change to {path}: {error.strerror or error}") from None


def _undo(path: str | Path, session: str | None) -> Alignment:
    with _locked(path):
        versions = history(path)
        if not versions:
            raise AlignError("nothing to undo")
        owner = last_change_by(path)  # "" when the change did not say whose it was: anyone's to undo
        if session is not None and owner and owner != _owner(session):
            raise AlignError("the last change was made in another tab or session; it can only be undone there")
        restored = read_parquet(versions[-1])
        if _texts_of(restored) != _texts_of(read_recent(path)):  # aligned again since, from changed texts
            raise AlignError("the last saved version is of other texts than the current alignment "
                             "(the work was aligned again since); it cannot be restored over it")
        write_atomically(path, versions[-1].read_bytes())  # the file keeps its mode
        saved_recent(path, restored)
        versions[-1].unlink()
    return restored


# --- helpers ---------------------------------------------------------------------------------


def _owner(session: str) -> str:
    """A session's name as it stands in a history file name."""
    return re.sub(r"[^A-Za-z0-9]", "", session)


def _texts_of(alignment: Alignment) -> tuple[tuple[str, ...], ...]:
    """What an alignment aligns: each text's sentences (a checksum is not enough: pasted texts have none)."""
    return tuple(tuple(s.text for s in side.sentences) for side in alignment.sides)


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
    return replace(_edited(alignment, src, tgt, bead.score), note=bead.note, tags=bead.tags)


def _edited(alignment: Alignment, src: tuple[int, ...], tgt: tuple[int, ...], score: float) -> Bead:
    """A bead changed by hand: unverified, flagged "edited", structural flags recomputed."""
    flags = bead_flags(src, tgt, score, alignment.src, alignment.tgt)
    return Bead(tuple(src), tuple(tgt), score, flags + ("edited",))


@contextlib.contextmanager
def _locked(path: str | Path) -> Iterator[None]:
    """A lock shared by every process editing `path`. The operating system releases it when its
    holder dies, so a crash never blocks the next edit; temporaries a crash left are removed."""
    path = Path(path)
    _no_link(path.with_name(f".{path.name}.lock"))  # the lock file is opened for writing, truncated
    lock = FileLock(path.with_name(f".{path.name}.lock"), timeout=_LOCK_WAIT_S)
    try:
        lock.acquire()
    except Timeout:
        raise AlignError(f"{path} is being changed elsewhere; try again") from None
    except OSError as error:  # a read-only folder, a full disk
        raise AlignError(f"{path}: corrections cannot be saved in {path.parent} ({error.strerror or error})") from None
    try:
        _remove_stale_temporaries(path)
        yield
    finally:
        lock.release()


def _no_link(path: Path) -> None:
    """Refuse a symbolic link where an edit writes beside the alignment: it would write elsewhere."""
    if path.is_symlink():
        raise AlignError(f"{path}: a symbolic link where the corrections' files go; remove it")


def _remove_stale_temporaries(path: Path) -> None:
    """Under the lock: every temporary in the history folder is a crashed edit's (edits hold the
    lock), and one beside the file is if it is old (`align run` may be writing it without the lock)."""
    folder = history_dir(path)
    stale = list(folder.glob(".*.tmp")) if folder.is_dir() else []
    stale += [p for p in path.parent.glob(f".{path.name}.*.tmp") if _age_s(p) > _STALE_TMP_S]
    for tmp in stale:
        tmp.unlink(missing_ok=True)


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0
