"""The reading room's pages (st.navigation): a work of the library, your own files, the library."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from align import corpus, renderings
from align.records import AlignError

from . import across, beads, chart, concordance, contents, data, find, header, library_page, rows, sidebar, state
from .style import CSS, plain

HERE = Path(__file__).resolve().parent
READ, FILES, LIBRARY = HERE / "pages" / "read.py", HERE / "pages" / "files.py", HERE / "pages" / "library.py"


def main() -> None:
    st.set_page_config(page_title="align · reading room", layout="wide")
    st.html(CSS)
    st.html(renderings.WORD_LINKS_SCRIPT, unsafe_allow_javascript=True)  # our own: lights a word's counterparts
    st.session_state.setdefault("page", 1)
    page = st.navigation([
        st.Page(READ, title="A work from the library", url_path="read", default=True),
        st.Page(FILES, title="Two files of my own", url_path="files"),
        st.Page(LIBRARY, title="The whole library", url_path="library"),
    ])
    st.sidebar.header("Texts")
    sidebar.model()
    page.run()


def reading_room() -> None:
    model = st.session_state.get("model") or ""
    try:
        path, work = sidebar.choose_work(model)
    except AlignError as error:
        st.error(plain(str(error)))
        return
    alignment_page(path, work, model)
    if work is not None:  # the place, in the URL
        focused = st.session_state.get("focus")
        state.to_url(work=work.id, view=st.session_state.get("view") or None,
                     page=st.session_state.get("page") if st.session_state.get("page", 1) > 1 else None,
                     bead=focused)


def your_files() -> None:
    model = st.session_state.get("model") or ""
    alignment_page(sidebar.uploads(model), None, model)


def library() -> None:
    if st.session_state.pop("open_reading_room", False):  # a hit was chosen: its work, at its bead
        st.switch_page(st.Page(READ, url_path="read", default=True))
    library_page.library_view(data.texts_dir(), st.session_state.get("model") or "")


def alignment_page(path: Path | None, work: corpus.Work | None, model: str) -> None:
    """An alignment: what its texts are, search, and its beads (a pair) or rows (three texts or more)."""
    if path is None or not path.exists():
        st.info("Choose a work, or upload two files and align them.")
        return
    state.show_notice()
    stamp = data.stamp(path)
    full = data.read(stamp)
    sidebar.tools(path, full, work, model)
    st.container(key="page-top")
    st.subheader(plain(work.title) if work is not None else "Your files")
    header.provenance(full, work)
    header.gap_notes(full, stamp)
    k = rows.choose_view(full)
    alignment = data.shown(stamp, k)
    contents.chapters_view(alignment, stamp)
    find.search_beads(alignment, stamp, k)
    try:
        if k == 0 and full.others:
            across.renderings_across(alignment, stamp)
            rows.texts_view(path, alignment, stamp)
            return
        concordance.renderings(alignment, stamp, k)
        chart.alignment_map(alignment, stamp, k)
        beads.beads(path, alignment, k or 1, data.suspicious(stamp, k), data.notes(stamp, k), data.footnotes(stamp, k))
    finally:
        st.session_state.pop("jump", None)  # a jump's page is found in this run only
