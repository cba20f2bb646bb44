"""What the reading room shows, computed without Streamlit: names of bead kinds, filters, the map."""

from __future__ import annotations

from collections.abc import Collection

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
) -> list[int]:
    """Bead numbers matching any of the filters given: score below `below` (unverified beads only),
    not 1-1, a one-sided kind named in `one_sided`, or in `suspicious`. No filter: every bead."""
    if below is None and not not_one_to_one and not one_sided and suspicious is None:
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
    ]


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
) -> list[int]:
    """Rows with text in any of `columns` matching any filter given in any of those translations:
    score below `below` (unverified only), not 1-1, or a one-sided kind named in `one_sided`
    ("omission", "addition", "source only", "target only"). No filter: every such row."""
    rows = []
    by_column = [column_cells(alignment, k) for k in columns if k]
    for n, row in enumerate(alignment.beads):
        if not any(row.columns[k] for k in columns):
            continue
        cells = [column[n] for column in by_column]
        if below is None and not not_one_to_one and not one_sided:
            rows.append(n)
        elif any(
            (below is not None and c["score"] is not None and c["score"] < below and "verified" not in c["flags"])
            or (not_one_to_one and c["kind"] not in ("1-1", "continued", ""))
            or c["kind"] in one_sided
            for c in cells
        ):
            rows.append(n)
    return rows
