"""The whole library: its works, and one search across them; a hit opens its work at the bead."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from align import corpus, library
from align.records import AlignError

from . import data, state
from .find import HITS_PER_PAGE, hits_offset, query_box, show_hits
from .style import plain


def open_hit(root: str, work: str, bead: int) -> None:
    """Open the work a library hit belongs to, at that bead (a callback)."""
    st.session_state.pair = corpus.load_work(Path(root) / work).id
    st.session_state.open_reading_room = True
    state.focus(bead)


def library_view(root: Path, model: str) -> None:
    st.subheader("Library")
    try:
        works = library.works(root, model or None)
    except AlignError as error:
        st.error(plain(str(error)))
        return
    st.dataframe(
        pd.DataFrame({
            "work": [w.id for w in works],
            "title": [w.title for w in works],
            "languages": [" · ".join(w.langs) for w in works],
            "size (KB)": [" · ".join(f"{size / 1024:.0f}" for size in w.sizes) for w in works],
            "beads": [w.beads for w in works],
            "alignment": [w.state for w in works],
        }),
        hide_index=True, width="stretch",
    )
    query, mode = query_box("Search every work", "library-", "words (any form), a regex, or a meaning")
    if not query.strip():
        return
    offset = hits_offset("library-", query, mode)
    try:
        if mode == "meaning":
            stamps = tuple((w.id, data.stamp(w.alignment)) for w in works if w.state in ("aligned", "outdated"))
            index = data.library_index(str(root), stamps)
            found = library.search_meaning(root, index, query, offset, HITS_PER_PAGE)
        else:
            found = library.search_text(root, query, regex=mode == "regex", offset=offset, limit=HITS_PER_PAGE)
    except AlignError as error:
        st.error(plain(str(error)))
        return
    show_hits(found, "library-", lambda hit: (
        f"open-{hit.work}-{hit.bead}", f"Bead {hit.bead}", open_hit, (str(root), hit.work, hit.bead)))
