"""What the texts are: languages, roles, files, the model; warnings and long gaps."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from align import checks, corpus, view
from align.language import coverage_warning
from align.records import Alignment

from . import data
from .style import plain, side_head

ROLE_LABELS = {
    "original": "original",
    "translation": "translation",
    "working translation": "working translation, NOT the original",
}


def provenance(alignment: Alignment, work: corpus.Work | None) -> None:
    columns = st.columns(len(alignment.sides))
    for column, side in zip(columns, alignment.sides):
        role = ROLE_LABELS.get(side.role, "role not stated")
        css = "not-original" if side.role == "working translation" else ""
        column.markdown(side_head(view.language_name(side.lang), f' <span class="{css}">— {role}</span>'),
                        unsafe_allow_html=True)
        column.text(Path(side.path).name if side.path else "")
        if side.role == "working translation":
            column.warning(
                f"The {view.language_name(side.lang)} text is a working translation made for this tool. "
                "It is NOT the original; it stands in for it until the original is supplied."
            )
            if work is not None and work.meta.get("original", {}).get("note"):
                column.text(work.meta["original"]["note"])
    rows = "rows" if alignment.others else "beads"
    st.text(f"Model: {alignment.model}    Aligned: {alignment.created}    {len(alignment.beads)} {rows}")
    for lang in dict.fromkeys(side.lang for side in alignment.sides):
        if message := coverage_warning(lang, alignment.model):
            st.warning(plain(message))  # the language code comes from the work's metadata
    for k in range(1, len(alignment.sides)):
        warning = checks.parallel_warning(alignment.pair(k))
        if warning:
            st.warning(plain(warning[0].upper() + warning[1:] + "."))


def gap_notes(alignment: Alignment, stamp: data.Stamp) -> None:
    for line in (line for pair in range(1, len(alignment.sides)) for line in data.gap_lines(stamp, pair)):
        st.info(plain(line[0].upper() + line[1:] + "."))
