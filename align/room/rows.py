"""Three texts or more: every text side by side in rows, and two texts compared word by word."""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from align import compare, view
from align.records import LOW_CONFIDENCE, Alignment

from . import data, state
from .beads import edit_menu, note_menu, pager, pager_below, review_filters, scroll_to, shape_filters
from .state import PAGE_SIZE
from .style import plain, side_head


def choose_view(alignment: Alignment) -> int:
    """0: every text side by side; k: the pivot with text k, checked and corrected as a pair."""
    if not alignment.others:
        return 0
    pivot = view.language_name(alignment.src.lang)
    names = {k: f"{pivot} with {view.text_label(side, k)}" for k, side in enumerate(alignment.sides) if k}
    if st.session_state.get("view") not in (None, 0, *names):  # from a URL naming a text not there
        del st.session_state["view"]
    return st.radio("View", [0, *names], key="view", horizontal=True, on_change=state.reset_view,
                    format_func=lambda k: plain(names.get(k, "All texts side by side")))  # labels are Markdown


MAX_COLUMNS = 6  # texts shown side by side at first; more are one choice away


def texts_view(path: Path, alignment: Alignment, stamp: data.Stamp) -> None:
    labels = {k: view.text_label(side, k) for k, side in enumerate(alignment.sides)}
    if any(k not in labels for k in st.session_state.get("columns", [])):
        del st.session_state["columns"]
    columns = st.multiselect("Texts to show, in this order", list(labels), default=list(labels)[:MAX_COLUMNS],
                             format_func=labels.get, key="columns")
    if not columns:
        st.info("Choose the texts to show.")
        return
    compare_two(alignment, labels)
    st.write("Show only rows where a translation shown is (any of):")
    boxes, below, multi = shape_filters()
    named = "src" if alignment.src.role in ("original", "working translation") else None
    one_sided = ["omission", "addition"] if named else ["source only", "target only"]
    chosen = [name for box, key, name in zip(boxes[2:], ("f-omission", "f-addition"), one_sided) if box.checkbox(name, key=key)]
    owners = {k: data.rows_of_pair(stamp, k) for k in columns if k}
    odd = boxes[4].checkbox("suspicious", key="f-suspicious",
                            help="length ratio unusual for this document, numbers or names on one side only")
    partial = boxes[5].checkbox("partial", key="f-partial",
                                help="words (3 or more) on one side with no counterpart on the other")
    review, note_query = review_filters()
    flagged = _flagged_rows(alignment, stamp, owners, odd, partial, review, note_query)
    shown = view.select_rows(alignment, columns, below=below, not_one_to_one=multi,
                             one_sided=chosen, flagged=flagged)
    review_rows(alignment, stamp, owners, shown, bool(below is not None or multi or chosen or flagged is not None))
    state.page_of(shown)
    page = pager(len(shown), len(alignment.beads), "rows")
    widths = [0.7] + [5] * len(columns)
    head = st.container(key="rows-head").columns(widths)
    for i, (column, k) in enumerate(zip(head[1:], columns)):
        name, left, right = column.columns([6, 1, 1], vertical_alignment="center")
        name.markdown(side_head(view.language_name(alignment.sides[k].lang)), unsafe_allow_html=True)
        left.button("◀", key=f"col-left-{k}", disabled=i == 0, on_click=_move_column, args=(i, -1), help="move this text left")
        right.button("▶", key=f"col-right-{k}", disabled=i + 1 == len(columns), on_click=_move_column, args=(i, 1),
                     help="move this text right")
    cells = {k: data.column_cells(stamp, k) for k in columns}
    footnotes = data.footnotes(stamp, 0)
    focus = st.session_state.get("focus")
    editing = st.session_state.get("edit-row")
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        with st.container(border=n == focus or n == editing, key=f"row-{n}"):
            row = st.columns(widths)
            row[0].markdown(f'<div class="bead-meta"><b>{n}</b>{"<br>▶ here" if n == focus else ""}</div>',
                            unsafe_allow_html=True)
            row[0].button("Edit", key=f"row-edit-{n}", on_click=_toggle_row, args=(n,), help="correct this row, note it")
            for column, k in zip(row[1:], columns):
                _cell(column, cells[k][n])
            row_bead = alignment.beads[n]
            if footnotes.get(n):  # the books' own notes, called from this row's sentences
                st.text("\n".join("† " + line for line in footnotes[n]))
            if row_bead.note or row_bead.tags:
                st.text("✎ " + row_bead.note + (("  · tags: " + "; ".join(row_bead.tags)) if row_bead.tags else ""))
            if n == editing:
                _row_tools(str(path), alignment, stamp, n, columns, owners, widths)
    pager_below(len(shown))
    if st.session_state.pop("scroll_to_focus", False) and focus in shown:
        scroll_to(f"st-key-row-{focus}")
    elif st.session_state.pop("scroll_to_top", False):
        scroll_to("st-key-page-top")


def review_rows(alignment: Alignment, stamp: data.Stamp, owners: dict[int, list[int | None]], shown: list[int],
                filtered: bool) -> None:
    """How far the review of each translation shown is, and previous / next row (K, J) where one of
    them has a doubtful bead (among the rows the filters show: any bead not verified)."""
    threshold = st.session_state.get("f-threshold", LOW_CONFIDENCE)
    rows_shown, todo = set(shown), set()
    for k, numbers in owners.items():
        pair = data.shown(stamp, k)
        verified, total = view.review_counts(pair)
        st.progress(verified / max(total, 1), text=plain(f"{view.text_label(alignment.sides[k], k)}: {verified} of "
                                                          f"{total} beads verified · {total - verified} to check"))
        first_row = {}  # a bead's row: the first it is part of
        for r, m in enumerate(numbers):
            if m is not None:
                first_row.setdefault(m, r)
        beads = [m for m, r in first_row.items() if r in rows_shown]
        todo |= {first_row[m] for m in view.doubtful(pair, beads, filtered, data.suspicious(stamp, k), threshold)}
    rows = sorted(todo)
    focused = st.session_state.get("focus")
    before, after = view.step(rows, focused, False), view.step(rows, focused, True)
    back, forward, caption = st.columns([1.2, 1.2, 4])
    back.button("◀ Previous doubtful row", key="prev-doubtful", shortcut="K", disabled=before is None,
                on_click=state.focus, args=(before, False), width="stretch")
    forward.button("Next doubtful row ▶", key="next-doubtful", shortcut="J", disabled=after is None,
                   on_click=state.focus, args=(after, False), width="stretch")
    caption.caption(f"{len(rows)} rows to check · keys: J next, K previous, U undo")


def _flagged_rows(alignment: Alignment, stamp: data.Stamp, owners: dict[int, list[int | None]], odd: bool,
                  partial: bool, review: list[str], note_query: str) -> set[int] | None:
    """Rows where a translation shown has a bead that is suspicious, partial or in a review state
    chosen, or whose note holds `note_query`; None when none of these filters is on."""
    if not (odd or partial or review or note_query.strip()):
        return None
    rows: set[int] = set()
    notes = [(b.note, b.tags) for b in alignment.beads]
    rows |= set(view.select(alignment, notes=notes, note_query=note_query)) if note_query.strip() else set()
    if "noted" in review:
        rows |= {r for r, note in enumerate(notes) if note[0] or note[1]}
    for k, numbers in owners.items():
        pair = data.shown(stamp, k)
        beads = set(data.suspicious(stamp, k)) if odd else set()
        beads |= {m for m, b in enumerate(pair.beads) if partial and "partial" in b.flags}
        beads |= {m for m, b in enumerate(pair.beads)
                  if any(view.review_state(b, ("", ()), name) for name in review if name != "noted")}
        rows |= {r for r, m in enumerate(numbers) if m is not None and m in beads}
    return rows


def _move_column(i: int, step: int) -> None:
    columns = list(st.session_state.columns)
    columns[i], columns[i + step] = columns[i + step], columns[i]
    st.session_state.columns = columns


def _toggle_row(n: int) -> None:
    st.session_state["edit-row"] = None if st.session_state.get("edit-row") == n else n


def _open_pair(k: int, n: int) -> None:
    """The pair of the pivot and text k, at bead n: Renderings, map and words there (a callback)."""
    st.session_state.view = k
    st.session_state["edit-row"] = None
    state.focus(n)


def _row_tools(path: str, alignment: Alignment, stamp: data.Stamp, n: int, columns: list[int],
               owners: dict[int, list[int | None]], widths: list[float]) -> None:
    """Under row n: each translation shown gets the Edit menu of its bead with the pivot, and the
    row its note."""
    tools = st.columns(widths)
    for column, k in zip(tools[1:], columns):
        m = owners.get(k, [None] * len(alignment.beads))[n]
        if m is None:
            continue
        with column.container(border=True):
            pair = data.shown(stamp, k)
            edit_menu(path, pair, m, k, prefix=f"r{k}-")
            st.button("Open this pair: words, Renderings, map", key=f"r{k}-open-{m}", on_click=_open_pair, args=(k, m))
    row = alignment.beads[n]
    k = next((k for k in columns if k and owners[k][n] is not None), None)
    if k is not None:  # the row's note, kept with the bead of text k that starts here
        pair = data.shown(stamp, k)
        bead = pair.beads[owners[k][n]]
        tools[0].button("Note", key=f"row-note-{n}", on_click=_toggle_note, args=(n,))
        if st.session_state.get("row-note") == n:  # under the row, in the page: a menu may open past its end
            with st.container(border=True):
                note_menu(path, bead, (row.note, row.tags), k, prefix=f"r{k}-")


def _toggle_note(n: int) -> None:
    st.session_state["row-note"] = None if st.session_state.get("row-note") == n else n


def _cell(column, cell: dict) -> None:
    continued = cell["kind"] == "continued"
    column.text(cell["text"] or ("↑ with the row above" if continued else "—"))
    if cell["score"] is not None:  # trusted HTML: numbers and fixed words only
        hue = int(120 * cell["score"])
        words = " · ".join(w for w in (cell["kind"], *cell["flags"]) if w)
        column.markdown(f'<div class="cell-meta" style="border-left-color:hsl({hue},65%,42%)">'
                        f'{cell["score"]:.2f} · {words}</div>', unsafe_allow_html=True)


def compare_two(alignment: Alignment, labels: dict[int, str]) -> None:
    """Two texts side by side, bead by bead; in one language, their differing words marked."""
    if not st.toggle("Compare two texts word by word", key="compare"):
        return
    langs = [side.lang for side in alignment.sides]
    same = next(((i, j) for i in range(1, len(langs)) for j in range(i + 1, len(langs)) if langs[i] == langs[j]), (1, 2))
    left, right = st.columns(2)
    i = left.selectbox("Text", list(labels), index=same[0], format_func=labels.get, key="cmp-a")
    j = right.selectbox("with", list(labels), index=same[1], format_func=labels.get, key="cmp-b")
    if i == j:
        st.info("Choose two different texts.")
        return
    rows = compare.compare(alignment, i, j)
    if langs[i] != langs[j]:
        st.caption("Different languages: shown side by side, without word differences.")
    else:
        st.caption(f"{sum(r['same'] for r in rows)} of {len(rows)} beads read the same; differing words are marked.")
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(st.number_input(f"Page (of {pages})", 1, key="cmp-page"), pages)
    body = "".join(  # each text escaped by compare.to_html
        f'<tr><td class="n">{n}</td><td>{row["left"]}</td><td>{row["right"]}</td></tr>'
        for n, row in enumerate(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], start=(page - 1) * PAGE_SIZE)
    )
    st.html(f'<table class="compare">{body}</table>')
