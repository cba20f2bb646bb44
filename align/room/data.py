"""Cached loading, shared by every session of the process: an alignment is keyed by its file's
identity on disk (so an edit in any tab shows at once), the model is loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from align import checks, corpus, gaps, library, renderings, search, store, view
from align.embed import CachedEmbedder, is_default_model, load_embedder
from align.records import Alignment

Stamp = tuple[str, int, int, int]


def texts_dir() -> Path:
    return Path(os.environ.get("ALIGN_TEXTS_DIR") or corpus.TEXTS_DIR)


def stamp(path: Path) -> Stamp:
    info = path.stat()
    return str(path), info.st_mtime_ns, info.st_size, info.st_ino


def read(stamp: Stamp) -> Alignment:
    """The alignment in the file; not read again after this process saved it (an edit) or read it."""
    return store.read_recent(stamp[0])


@st.cache_resource(max_entries=8, show_spinner=False)
def shown(stamp: Stamp, k: int) -> Alignment:
    """The whole alignment (k = 0), or the pivot with text k as a pair."""
    alignment = read(stamp)
    return alignment.pair(k) if k else alignment


def shape(alignment: Alignment) -> int:
    """A digest of the beads' sentences: what checks and gaps depend on (not scores, marks or notes)."""
    return hash(tuple((b.src, b.tgt) for b in alignment.beads))


def suspicious(stamp: Stamp, k: int) -> dict[int, list[str]]:
    """The checks' reasons per bead; not computed again when only a mark or a note changed."""
    alignment = shown(stamp, k)
    return _suspicious(stamp[0], k, shape(alignment), alignment)


@st.cache_resource(max_entries=8, show_spinner=False)
def _suspicious(path: str, k: int, shape: int, _alignment: Alignment) -> dict[int, list[str]]:
    return checks.check(_alignment)


@st.cache_resource(max_entries=8, show_spinner=False)
def notes(stamp: Stamp, k: int) -> list[tuple[str, tuple[str, ...]]]:
    """Each bead's note and tags (with three texts or more, those of the row it starts in)."""
    return view.pair_notes(read(stamp), k or 1)


@st.cache_resource(max_entries=8, show_spinner=False)
def footnotes(stamp: Stamp, k: int) -> dict[int, list[str]]:
    """The book's notes each bead's sentences call (see view.bead_footnotes)."""
    return view.bead_footnotes(shown(stamp, k))


@st.cache_resource(max_entries=16, show_spinner=False)
def rows_of_pair(stamp: Stamp, k: int) -> list[int | None]:
    return view.rows_of_pair(read(stamp), k)


@st.cache_resource(max_entries=16, show_spinner=False)
def column_cells(stamp: Stamp, k: int) -> list[dict]:
    return view.column_cells(read(stamp), k)


@st.cache_resource(max_entries=4, show_spinner="Indexing the beads by meaning…")
def meaning_index(stamp: Stamp, k: int) -> search.MeaningIndex:
    alignment = shown(stamp, k)
    return search.MeaningIndex.of_alignment(alignment, embedder(search.model_to_load(alignment.model)))


def gap_lines(stamp: Stamp, k: int) -> list[str]:
    """The long stretches of the pivot and text k without counterpart, and which are a passage moved."""
    pair = shown(stamp, k)
    return _gap_lines(stamp[0], k, shape(pair), pair)


@st.cache_resource(max_entries=8, show_spinner=False)
def _gap_lines(path: str, k: int, shape: int, _pair: Alignment) -> list[str]:
    return gaps.report(_pair, lambda texts: embedder(search.model_to_load(_pair.model)).encode(texts))


@st.cache_resource(max_entries=8, show_spinner=False)
def map_points(stamp: Stamp, k: int) -> pd.DataFrame:
    return pd.DataFrame(view.path_points(shown(stamp, k)))


@st.cache_resource(max_entries=4, show_spinner=False)
def concordance(stamp: Stamp, k: int) -> renderings.Concordance:
    return renderings.Concordance(shown(stamp, k))


@st.cache_resource(max_entries=2, show_spinner="Indexing the library by meaning…")
def library_index(root: str, state: tuple) -> search.MeaningIndex:
    return library.meaning_index(root)  # state: the stored alignments' stamps, so any change rebuilds it


# --- the model: loaded once per process (a few seconds each time), shared by every session --------


def embedder(model: str | None) -> CachedEmbedder:
    """The embedder for a model name or folder (empty or None: the bundled default)."""
    return _load_embedder(None if is_default_model(model) else model)


@st.cache_resource(max_entries=2, show_spinner="Loading the model…")
def _load_embedder(model: str | None) -> CachedEmbedder:
    return load_embedder(model)


def same_model(stored: str, wanted: str) -> bool:
    return stored == wanted or (is_default_model(wanted) and is_default_model(stored))
