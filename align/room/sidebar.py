"""The sidebar: the model, choosing a work or uploading two files; undo, re-align, export."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from align import corpus, edit, export, pipeline, store
from align.embed import DEFAULT_MODEL
from align.records import AlignError, Alignment

from . import data, state
from .style import plain


def model() -> str:
    return st.sidebar.text_input("Model", value=DEFAULT_MODEL, key="model",
                                 help="The bundled model, or a sentence-transformers name or folder")


# --- aligning -----------------------------------------------------------------------------------


def _with_progress_bar(label: str, run: Callable[[pipeline.Progress], Alignment]) -> Alignment:
    bar = st.progress(0.0, text=f"Aligning {label}…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{step}: {done} of {total}")

    try:
        return run(progress)
    finally:
        bar.empty()  # also when aligning fails: no progress bar left standing


def align_work(work: corpus.Work, model: str) -> Alignment:
    label = " with ".join(text.path.name for text in work.texts)
    return _with_progress_bar(label, lambda progress: pipeline.align_work(work, progress=progress, embedder=data.embedder(model)))


# --- choosing -----------------------------------------------------------------------------------


def choose_work(model: str) -> tuple[Path | None, corpus.Work | None]:
    """The chosen work's alignment file (aligned and stored first if need be), and the work."""
    side = st.sidebar
    try:
        works = corpus.list_works(data.texts_dir())
    except AlignError as error:
        st.error(plain(str(error)))
        return None, None
    if not works:
        side.info("No works in the library folder.")
        return None, None
    ids = [w.id for w in works]
    state.from_url(ids)
    if st.session_state.get("pair") not in (None, *ids):  # a work that is gone
        del st.session_state["pair"]
    default = ids.index("sorin-1918") if "sorin-1918" in ids and "pair" not in st.session_state else 0
    chosen = side.selectbox("Work", ids, index=default, key="pair", on_change=state.reset_view)
    work = works[ids.index(chosen)]
    path = work.alignment_path
    if not path.exists():
        try:
            store.write_parquet(align_work(work, model), path)
        except OSError as error:  # a read-only work folder
            st.error(plain(f"Cannot store the alignment of {work.id} in {path.parent}: {error.strerror or error}."))
            return None, work
    return path, work


def uploads(model: str) -> Path | None:
    """Two uploaded files, aligned when asked; the alignment file of the last ones aligned. The
    uploaded texts are removed from the server once read; a failure leaves no alignment on screen."""
    side = st.sidebar
    left = side.file_uploader("Left text (e.g. the translation)", key="left-file")
    right = side.file_uploader("Right text (e.g. the original)", key="right-file")
    original = side.selectbox("Which text is the original?", ["not known", "the left one", "the right one"])
    if side.button("Align these files", disabled=not (left and right)):
        st.session_state.pop("upload_path", None)
        folder = _upload_folder()
        roles = {"not known": ("", ""), "the left one": ("original", "translation"),
                 "the right one": ("translation", "original")}[original]
        try:
            texts = [(upload.name, upload.getvalue(), role) for upload, role in ((left, roles[0]), (right, roles[1]))]
            embedder = data.embedder(model)
            aligned = _with_progress_bar("your files", lambda progress: pipeline.align_received(texts, folder, embedder, progress))
            path = folder / "left.right.parquet"
            store.write_parquet(aligned, path)
            for old in edit.history(path):
                old.unlink()
            st.session_state.upload_path = str(path)
            state.reset_view()
        except (AlignError, OSError) as error:
            side.error(plain(str(error)))
    path = st.session_state.get("upload_path")
    return Path(path) if path else None


UPLOADS_KEPT_S = 24 * 3600  # an upload folder untouched this long belongs to no live session


def _upload_folder() -> Path:
    """This session's folder for its uploads' alignment: removed with the session (the folder goes
    when the tab's state is dropped), and any such folder untouched for a day (a server stopped
    before it could clean up) removed when a new one is made."""
    if "upload_dir" not in st.session_state:
        remove_stale_uploads(Path(tempfile.gettempdir()), time.time())
        st.session_state["upload_dir"] = tempfile.TemporaryDirectory(prefix="align-")
    return Path(st.session_state["upload_dir"].name)


def remove_stale_uploads(root: Path, now: float) -> None:
    """Remove this user's upload folders (align-*) under `root` that nothing has touched for UPLOADS_KEPT_S."""
    for folder in root.glob("align-*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            touched = max([folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.rglob("*")])
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if now - touched > UPLOADS_KEPT_S:
            shutil.rmtree(folder, ignore_errors=True)


# --- changes and exports ---------------------------------------------------------------------------


def tools(path: Path, alignment: Alignment, work: corpus.Work | None, model: str) -> None:
    side = st.sidebar
    side.header("Changes")
    versions = len(edit.history(path))
    owner = edit.last_change_by(path)
    others = bool(owner) and owner != state.session()
    side.button(f"Undo last change ({versions} kept)", disabled=not versions or others, on_click=undo, shortcut="U",
                args=(str(path),), width="stretch",
                help="The last change was made in another tab; it can be undone there." if others else None)
    if others:
        side.caption("The last change was made in another tab; only that tab can undo it.")
    if work is not None and not data.same_model(alignment.model, model):
        if side.button("Re-align with this model", width="stretch"):
            try:
                edit.save_edit(path, alignment, align_work(work, model), state.session())
                st.rerun()
            except AlignError as error:
                side.error(plain(str(error)))
    side.header("Export")
    stem = path.stem
    side.download_button("Parquet", data=lambda: path.read_bytes(), file_name=f"{stem}.parquet",
                         mime="application/octet-stream", width="stretch")
    for fmt, mime in (("tmx", "application/x-tmx+xml"), ("tsv", "text/tab-separated-values"), ("html", "text/html")):
        side.download_button(fmt.upper(), data=lambda fmt=fmt: export.FORMATS[fmt](store.read_parquet(path)),
                             file_name=f"{stem}.{fmt}", mime=mime, width="stretch")


def undo(path: str) -> None:
    try:
        edit.undo(path, state.session())
        state.say(True, "Undone.")
    except AlignError as error:
        state.say(False, str(error))
