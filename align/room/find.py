"""Searching the beads shown: words in either language, a regular expression, or a meaning."""

from __future__ import annotations

import streamlit as st

from align import search, store
from align.records import AlignError, Alignment

from . import data, state
from .state import MAX_RESULTS
from .style import plain


def query_box(label: str, prefix: str, placeholder: str) -> tuple[str, str]:
    """A search box and its mode (words, regex or meaning), keyed `{prefix}query`, `{prefix}mode`."""
    query_col, mode_col = st.columns([3, 2])
    query = query_col.text_input(label, key=f"{prefix}query", placeholder=placeholder)
    mode = mode_col.radio("Search by", ["words", "regex", "meaning"], horizontal=True, key=f"{prefix}mode")
    return query, mode


@st.fragment  # a search redraws its results only; a jump to a hit redraws the page
def search_beads(alignment: Alignment, stamp: data.Stamp, k: int) -> None:
    state.rerun_if_jumped()
    query, mode = query_box("Search", "", "words in either language, a regex, or a meaning")
    if not query.strip():
        return
    try:
        if mode == "meaning":
            results = data.meaning_index(stamp, k).search(query, MAX_RESULTS)
        else:
            results = [(n, None) for n in search.find_text(alignment, query, regex=mode == "regex")]
    except AlignError as error:
        st.error(plain(str(error)))
        return
    st.caption(f"{len(results)} beads found" + (f", the first {MAX_RESULTS} listed" if len(results) > MAX_RESULTS else ""))
    for n, similarity in results[:MAX_RESULTS]:
        bead = alignment.beads[n]
        button, text = st.columns([1, 9])
        label = f"Bead {n}" + (f" · {similarity:.2f}" if similarity is not None else "")
        button.button(label, key=f"go-{n}", on_click=state.focus, args=(n,), kwargs={"redraw": True})
        snippet = next((store.bead_text(side, ids) for side, ids in zip(alignment.sides, bead.columns) if ids), "")
        text.text(snippet[:160] + ("…" if len(snippet) > 160 else ""))
