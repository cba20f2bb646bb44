"""Renderings across translations: a word of the original, and how each translation rendered it,
side by side, each occurrence a button that opens its row."""

from __future__ import annotations

import streamlit as st

from align import renderings, view
from align.records import Alignment

from . import data, state
from .state import MAX_RESULTS


@st.cache_resource(max_entries=4, show_spinner=False)
def _index(stamp: data.Stamp) -> renderings.AcrossTranslations:
    return renderings.AcrossTranslations(data.read(stamp))


@st.fragment  # looking a word up redraws this panel only
def renderings_across(alignment: Alignment, stamp: data.Stamp) -> None:
    """Only with three texts or more, in the view of every text side by side (bead numbers are rows)."""
    with st.expander("Renderings across translations: how did each translator render a word?",
                     expanded=bool(st.session_state.get("across"))):
        state.rerun_if_jumped()
        word = st.text_input("Word of the original", key="across",
                             placeholder=f"a {view.language_name(alignment.src.lang)} word, any form")
        if not word.strip():
            return
        found = _index(stamp).lookup(word)
        if not any(t.renderings for t in found):
            st.caption("Not found (or the alignment has no word links).")
            return
        for column, translation in zip(st.columns(len(found)), found):
            total = sum(r.count for r in translation.renderings)
            # a text's label holds its file name: shown as text only
            column.text(view.text_label(alignment.sides[translation.text], translation.text))
            column.caption(f"{total} occurrences")
            for i, rendering in enumerate(translation.renderings[:MAX_RESULTS]):
                column.text(f"{rendering.text or '(no counterpart)'} ×{rendering.count}")
                rows = list(dict.fromkeys(rendering.beads))  # a row once, however often
                with column.popover(f"{len(rows)} row{'s' if len(rows) != 1 else ''}"):
                    for n in rows[:MAX_RESULTS]:
                        st.button(f"Row {n}", key=f"x-{translation.text}-{i}-{n}", on_click=state.focus, args=(n,),
                                  kwargs={"redraw": True})
