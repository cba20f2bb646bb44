"""What the reading room shows, computed without Streamlit: names of bead kinds, filters, the map."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from . import multi
from .language import language_name
from .records import CONTINUED, Alignment, Bead, Side
from .store import bead_text


def original_side(alignment: Alignment) -> str | None:
    """"src" or "tgt": the side that is the original or stands in for it (the other side being
    "the translation"); None when the roles do not say."""
    roles = (alignment.src.role, alignment.tgt.role)
    if "original" in roles:
        return "src" if roles[0] == "original" else "tgt"
    if roles.count("translation") == 1:
        return "tgt" if roles[0] == "translation" else "src"
    return None


def kind_name(bead: Bead, original: str | None) -> str:
    """"1-1", "2-1", ... or, for a one-sided bead, "omission"/"addition" relative to the original
    ("source only"/"target only" when no side is known to be the original)."""
    if CONTINUED in bead.flags:
        return "continued"
    if not bead.src and not bead.tgt:
        return ""
    if bead.src and bead.tgt:
        return bead.kind
    src_only = not bead.tgt
    if original is None:
        return "source only" if src_only else "target only"
    return "omission" if src_only == (original == "src") else "addition"


def select(
    alignment: Alignment,
    *,
    below: float | None = None,
    not_one_to_one: bool = False,
    one_sided: Collection[str] = (),
    suspicious: Collection[int] | None = None,
    review: Collection[str] = (),
    notes: Sequence[tuple[str, tuple[str, ...]]] | None = None,
    note_query: str = "",
) -> list[int]:
    """Bead numbers matching any of the filters given: score below `below` (unverified beads only),
    not 1-1, a one-sided kind named in `one_sided`, in `suspicious`, a review state named in `review`
    (see REVIEW_STATES), or a note or tag holding `note_query`. No filter: every bead. `notes`: each
    bead's (note, tags) where they are not the beads' own (three texts or more)."""
    notes = notes if notes is not None else [(b.note, b.tags) for b in alignment.beads]
    query = note_query.strip().casefold()
    if below is None and not not_one_to_one and not one_sided and suspicious is None and not review and not query:
        return list(range(len(alignment.beads)))
    original = original_side(alignment)
    flagged = set(suspicious or ())
    return [
        n
        for n, bead in enumerate(alignment.beads)
        if (below is not None and bead.score < below and "verified" not in bead.flags)
        or (not_one_to_one and bead.kind != "1-1")
        or (kind_name(bead, original) in one_sided)
        or n in flagged
        or any(review_state(bead, notes[n], state) for state in review)
        or (query and any(query in text.casefold() for text in (notes[n][0], *notes[n][1])))
    ]


REVIEW_STATES = ("verified", "not verified", "edited", "noted")


def review_state(bead: Bead, note: tuple[str, tuple[str, ...]], state: str) -> bool:
    """Whether a bead is in a review state: verified by a person, not verified, edited by hand,
    or with a note or a tag."""
    if state not in REVIEW_STATES:
        raise ValueError(f"no review state {state!r}")
    return {
        "verified": "verified" in bead.flags,
        "not verified": "verified" not in bead.flags,
        "edited": "edited" in bead.flags,
        "noted": bool(note[0] or note[1]),
    }[state]


def doubtful(alignment: Alignment, shown: Sequence[int], filtered: bool, suspicious: Collection[int],
             threshold: float) -> list[int]:
    """The beads still to check, in order: among those the filters show (`filtered`), every one not
    verified; with no filter, the unverified ones below `threshold`, suspicious, partial or not 1-1."""
    beads = alignment.beads
    if filtered:
        return [n for n in shown if "verified" not in beads[n].flags]
    odd = set(suspicious)
    return [n for n in shown if "verified" not in beads[n].flags
            and (beads[n].score < threshold or n in odd or "partial" in beads[n].flags or beads[n].kind != "1-1")]


def step(numbers: Sequence[int], current: int | None, forward: bool) -> int | None:
    """The first of `numbers` after `current` (forward) or the last before it; None if there is none.
    With no current bead: the first, or the last."""
    if current is None:
        return (numbers[0] if forward else numbers[-1]) if numbers else None
    if forward:
        return next((n for n in numbers if n > current), None)
    return next((n for n in reversed(numbers) if n < current), None)


def review_counts(alignment: Alignment) -> tuple[int, int]:
    """(verified, total) beads."""
    return sum("verified" in b.flags for b in alignment.beads), len(alignment.beads)


def bead_footnotes(alignment: Alignment) -> dict[int, list[str]]:
    """The book's notes called from each bead's sentences, by bead: a line each, "fr [2] text"."""
    called = [side.called_notes() for side in alignment.sides]
    lines: dict[int, list[str]] = {}
    for n, bead in enumerate(alignment.beads):
        found = [f"{side.lang} [{note.mark}] {note.text}" for side, notes, ids in zip(alignment.sides, called, bead.columns)
                 for i in ids for note in notes.get(i, ())]
        if found:
            lines[n] = found
    return lines


def pair_notes(alignment: Alignment, k: int) -> list[tuple[str, tuple[str, ...]]]:
    """For each bead of `alignment.pair(k)`: the note and tags of the row it starts in (with three
    texts or more notes belong to rows)."""
    if not alignment.others:
        return [(b.note, b.tags) for b in alignment.beads]
    notes: list[tuple[str, tuple[str, ...]]] = []
    for row in alignment.beads:
        cell = row.pair(k)
        if (cell.src or cell.tgt) and CONTINUED not in cell.flags:
            notes.append((row.note, row.tags))
    return notes


def rows_of_pair(alignment: Alignment, k: int) -> list[int | None]:
    """For every row, the number of the bead of `alignment.pair(k)` it is part of; None where text k
    has nothing in that row."""
    numbers: list[int | None] = []
    n = -1
    for row in alignment.beads:
        cell = row.pair(k)
        if CONTINUED in cell.flags and n >= 0:
            numbers.append(n)
        elif cell.src or cell.tgt:
            n += 1
            numbers.append(n)
        else:
            numbers.append(None)
    return numbers


def path_points(alignment: Alignment) -> list[dict]:
    """One point per bead for the map: the middle of its source and target sentences (a one-sided
    bead sits between its neighbours on the empty axis)."""
    points, x, y = [], 0, 0
    for n, bead in enumerate(alignment.beads):
        points.append(
            {
                "bead": n,
                "source": x + (len(bead.src) - 1) / 2,
                "target": y + (len(bead.tgt) - 1) / 2,
                "confidence": round(bead.score, 3),
                "kind": bead.kind,
            }
        )
        x, y = x + len(bead.src), y + len(bead.tgt)
    return points


def in_region(alignment: Alignment, source: tuple[float, float], target: tuple[float, float]) -> list[int]:
    """Beads whose map point lies in the rectangle source x target (inclusive ranges)."""
    return [
        p["bead"]
        for p in path_points(alignment)
        if source[0] <= p["source"] <= source[1] and target[0] <= p["target"] <= target[1]
    ]


# --- three texts or more: rows of N columns --------------------------------------------------------

SHOWN_FLAGS = ("merge", "low-confidence", "emphasis", "footnote", "edited", "verified")  # fixed words only


def text_label(side: Side, k: int) -> str:
    """A text's name in lists: its number, language, role and file."""
    role = "working translation, NOT the original" if side.role == "working translation" else side.role
    name = side.path.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{k}: {language_name(side.lang)}" + (f" — {role}" if role else "") + (f" ({name})" if name else "")


def column_cells(alignment: Alignment, k: int) -> list[dict]:
    """What column k shows in every row: its text, and for a translation the whole bead with the
    pivot the row is part of (kind relative to the original, or "continued" after its first row;
    confidence; flags among SHOWN_FLAGS); score None where the text has nothing in the row."""
    side = alignment.sides[k]
    owners = multi.row_beads(alignment, k) if k else [None] * len(alignment.beads)
    original = "src" if alignment.src.role in ("original", "working translation") else None
    cells = []
    for row, whole in zip(alignment.beads, owners):
        shown = {"text": bead_text(side, row.columns[k]), "kind": "", "score": None, "flags": ()}
        if whole is not None:
            continued = CONTINUED in row.pair(k).flags
            shown |= {"kind": "continued" if continued else kind_name(whole, original), "score": whole.score,
                      "flags": tuple(f for f in SHOWN_FLAGS if f in whole.flags)}
        cells.append(shown)
    return cells


def select_rows(
    alignment: Alignment,
    columns: Collection[int],
    *,
    below: float | None = None,
    not_one_to_one: bool = False,
    one_sided: Collection[str] = (),
    flagged: Collection[int] | None = None,
) -> list[int]:
    """Rows with text in any of `columns` matching any filter given in any of those translations:
    score below `below` (unverified only), not 1-1, or a one-sided kind named in `one_sided`
    ("omission", "addition", "source only", "target only"); or rows in `flagged`. No filter: every such row."""
    flagged_rows = set(flagged or ())
    rows = []
    by_column = [column_cells(alignment, k) for k in columns if k]
    for n, row in enumerate(alignment.beads):
        if not any(row.columns[k] for k in columns):
            continue
        cells = [column[n] for column in by_column]
        if below is None and not not_one_to_one and not one_sided and flagged is None:
            rows.append(n)
        elif n in flagged_rows or any(
            (below is not None and c["score"] is not None and c["score"] < below and "verified" not in c["flags"])
            or (not_one_to_one and c["kind"] not in ("1-1", "continued", ""))
            or c["kind"] in one_sided
            for c in cells
        ):
            rows.append(n)
    return rows
