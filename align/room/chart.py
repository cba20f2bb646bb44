"""The alignment map: one point per bead; a rectangle dragged on it lists the beads inside."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from align import store, view
from align.records import Alignment

from . import data


@st.fragment  # a rectangle dragged redraws this panel only
def alignment_map(alignment: Alignment, stamp: data.Stamp, k: int) -> None:
    # drawn only when opened: a point per bead is much for the browser to draw on every change
    with st.expander("Alignment map: drag a rectangle to list the beads in it", key="map-open", on_change="rerun") as panel:
        if not panel.open:
            return
        points = data.map_points(stamp, k)
        region = alt.selection_interval(name="region", encodings=["x", "y"])
        chart = (
            alt.Chart(points)
            .mark_circle(size=36, opacity=0.85)
            .encode(
                x=alt.X("source:Q", title=f"{view.language_name(alignment.src.lang)} sentence"),
                y=alt.Y("target:Q", title=f"{view.language_name(alignment.tgt.lang)} sentence"),
                color=alt.Color("confidence:Q", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen")),
                tooltip=["bead", "kind", "confidence"],
            )
            .add_params(region)
            .properties(height=360)
        )
        event = st.altair_chart(chart, on_select="rerun", key="map", width="stretch")
        box = (event.selection.get("region") if event else None) or {}
        if "source" in box and "target" in box:
            beads = view.in_region(alignment, tuple(box["source"]), tuple(box["target"]))
            st.dataframe(
                pd.DataFrame(
                    {
                        "bead": beads,
                        "kind": [alignment.beads[n].kind for n in beads],
                        "confidence": [round(alignment.beads[n].score, 2) for n in beads],
                        "left": [store.bead_text(alignment.src, alignment.beads[n].src) for n in beads],
                        "right": [store.bead_text(alignment.tgt, alignment.beads[n].tgt) for n in beads],
                    }
                ),
                hide_index=True,
                width="stretch",
                column_config={"left": view.language_name(alignment.src.lang), "right": view.language_name(alignment.tgt.lang)},
            )
