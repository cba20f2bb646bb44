"""The book's structure: the pivot's chapters to jump to, and how each chapter aligned, as a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from align import chapters
from align.records import Alignment

from . import data, state


def chapters_view(alignment: Alignment, stamp: data.Stamp) -> None:
    """Where the texts have headings: a table of contents (a row chosen jumps to its chapter) with
    each chapter's summary, and a chart of the share of its sentences in confident beads with its
    omissions and additions. Titles come from files: shown in a dataframe only."""
    toc = chapters.contents(alignment)
    if not toc:
        return
    # drawn only when opened: a table and two charts are much for the browser to draw on every change
    with st.expander(f"Contents: {len(toc)} chapters (choose one to go to it)", key="contents-open",
                     on_change="rerun") as contents:
        if not contents.open:
            return
        summary = pd.DataFrame(chapters.summary(alignment), columns=chapters.SUMMARY_COLUMNS)
        table = pd.DataFrame({"chapter": [c.chapter for c in toc], "bead": [c.bead for c in toc]})
        table = table.merge(summary, on="chapter", how="left")
        event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row",
                             key=f"contents-{stamp}")
        chosen = event.selection.rows if event else []
        if chosen and st.session_state.get("contents-chosen") != (stamp, chosen[0]):
            st.session_state["contents-chosen"] = (stamp, chosen[0])  # jump once per choice
            state.focus(int(table["bead"].iloc[chosen[0]]))  # the beads, drawn below, open there
        long = summary.melt(id_vars=["chapter"], value_vars=["omissions", "additions"], var_name="sentences", value_name="count")
        confident = alt.Chart(summary).mark_bar(color="#5a9").encode(
            x=alt.X("chapter:O"), y=alt.Y("confident:Q", title="share in confident beads", scale=alt.Scale(domain=[0, 1])),
            tooltip=["chapter", "src_sentences", "tgt_sentences", "length_ratio", "confident"])
        left_out = alt.Chart(long).mark_bar().encode(
            x=alt.X("chapter:O"), y=alt.Y("count:Q", title="sentences without counterpart"), color="sentences:N",
            xOffset="sentences:N", tooltip=["chapter", "sentences", "count"])
        st.altair_chart(alt.vconcat(confident.properties(height=140), left_out.properties(height=140)), width="stretch")
