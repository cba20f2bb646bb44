"""Renderings: every occurrence of a word (any form), grouped by how it was translated."""

from __future__ import annotations

import streamlit as st

from align import view
from align.records import Alignment

from . import data, state
from .state import MAX_RESULTS


@st.fragment  # looking a word up redraws this panel only
def renderings(alignment: Alignment, stamp: data.Stamp, k: int) -> None:
    with st.expander("Renderings: how was a word translated?", expanded=bool(st.session_state.get("rendering"))):
        state.rerun_if_jumped()
        word = st.text_input("Word", key="rendering", placeholder="a word in either language, any form")
        if not word.strip():
            return
        found = data.concordance(stamp, k).lookup(word)
        if not found:
            st.caption("Not found (or the alignment has no word links).")
        for result in found:
            side = alignment.src if result.side == "src" else alignment.tgt
            total = sum(r.count for r in result.renderings)
            st.caption(f"{total} occurrences in the {view.language_name(side.lang)} text")
            for i, rendering in enumerate(result.renderings[:MAX_RESULTS]):
                label, jumps = st.columns([4, 6])
                label.text(f"{rendering.text or '(no counterpart)'} ×{rendering.count}")
                beads = list(dict.fromkeys(rendering.beads))  # a bead once, however often
                with jumps.popover(f"{len(beads)} bead{'s' if len(beads) != 1 else ''}"):
                    for n in beads[:MAX_RESULTS]:
                        st.button(f"Bead {n}", key=f"r-{result.side}-{i}-{n}", on_click=_jump,
                                  args=(n, result.side, result.word))


def _jump(n: int, side: str, word: str) -> None:
    """To bead n, the word looked up marked in it (a callback)."""
    state.focus(n, redraw=True)
    st.session_state["looked-up"] = (side, word)
