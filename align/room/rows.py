"""Three texts or more: every text side by side in rows, and two texts compared word by word."""

from __future__ import annotations

import math

import streamlit as st

from align import compare, pipeline, view
from align.records import Alignment

from . import state
from .beads import pager
from .state import PAGE_SIZE
from .style import side_head


def choose_view(alignment: Alignment) -> int:
    """0: every text side by side; k: the pivot with text k, checked and corrected as a pair."""
    if not alignment.others:
        return 0
    pivot = view.language_name(alignment.src.lang)
    names = {k: f"{pivot} with {view.text_label(side, k)}" for k, side in enumerate(alignment.sides) if k}
    return st.radio("View", [0, *names], key="view", horizontal=True, on_change=state.reset_view,
                    format_func=lambda k: names.get(k, "All texts side by side"))


def texts_view(alignment: Alignment, jump: bool) -> None:
    labels = {k: view.text_label(side, k) for k, side in enumerate(alignment.sides)}
    columns = st.multiselect("Texts to show, in this order", list(labels), default=list(labels)[:4],
                             format_func=labels.get, key="columns")
    if not columns:
        st.info("Choose the texts to show.")
        return
    compare_two(alignment, labels)
    st.write("Show only rows where a translation shown is (any of):")
    boxes = st.columns([1.4, 1, 1, 1])
    low = boxes[0].checkbox("low confidence", key="f-low")
    threshold = boxes[0].slider("below", 0.0, 1.0, pipeline.LOW_CONFIDENCE, 0.05, key="f-threshold",
                                label_visibility="collapsed")
    multi = boxes[1].checkbox("not 1-1", key="f-multi")
    named = "src" if alignment.src.role in ("original", "working translation") else None
    one_sided = ["omission", "addition"] if named else ["source only", "target only"]
    chosen = [name for box, key, name in zip(boxes[2:], ("f-omission", "f-addition"), one_sided) if box.checkbox(name, key=key)]
    shown = view.select_rows(alignment, columns, below=threshold if low else None, not_one_to_one=multi, one_sided=chosen)
    focus = st.session_state.get("focus")
    if jump and focus in shown:
        st.session_state.page = shown.index(focus) // PAGE_SIZE + 1
    page = pager(len(shown), len(alignment.beads), "rows")
    head = st.columns([0.6] + [5] * len(columns))
    for column, k in zip(head[1:], columns):
        column.markdown(side_head(view.language_name(alignment.sides[k].lang)), unsafe_allow_html=True)
    cells = {k: view.column_cells(alignment, k) for k in columns}
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        with st.container(border=n == focus):
            row = st.columns([0.6] + [5] * len(columns))
            row[0].markdown(f'<div class="bead-meta"><b>{n}</b>{"<br>▶ here" if n == focus else ""}</div>',
                            unsafe_allow_html=True)
            for column, k in zip(row[1:], columns):
                _cell(column, cells[k][n])


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
