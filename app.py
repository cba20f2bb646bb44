"""The reading room: read, check and correct an alignment in the browser.

    streamlit run app.py

A thin layer over the library. Text from files is only ever shown with st.text or st.dataframe
(never as Markdown or HTML), or as the word markup of align.renderings, which escapes every token;
the few HTML snippets here hold numbers and fixed words only.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from align import checks, compare, corpus, edit, export, gaps, library, pipeline, renderings, search, store, view
from align.embed import DEFAULT_MODEL, CachedEmbedder, is_default_model, load_embedder
from align.language import coverage_warning
from align.records import AlignError, Alignment, Bead, Side

PAGE_SIZE = 50
BEAD_COLUMNS = [1.1, 5, 5, 1.4]  # number and confidence | left text | right text | Edit menu
ONE_WORK, OWN_FILES, WHOLE_LIBRARY = "A work from the library", "Two files of my own", "The whole library"
MAX_RESULTS = 20
STYLE = """<style>
[data-testid="stText"], [data-testid="stText"] span {font-family: Georgia, "DejaVu Serif", serif; font-size: 1.02rem; line-height: 1.45;
  white-space: pre-wrap;}
.bead-meta {font-size: .85rem; color: #555; padding-left: .5rem; line-height: 1.35; white-space: nowrap;}
[class*="st-key-edit-"] button {padding-left: .4rem; padding-right: .4rem; min-width: 0; white-space: nowrap;}
[data-testid="stPopoverButton"] [aria-hidden="true"] {pointer-events: none;}  /* a click on the arrow opens the menu too */
.bead-meta b {font-size: 1rem; color: #222;}
.side-head {font-weight: 600; font-size: 1.05rem;}
.not-original {color: #a5361f; font-weight: 700;}
.cell-meta {font-size: .78rem; color: #555; border-left: 5px solid #ccc; padding-left: .4rem; margin-top: -.6rem;}
table.compare {border-collapse: collapse; width: 100%; font-family: Georgia, "DejaVu Serif", serif;}
table.compare td {vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ddd; white-space: pre-wrap;}
table.compare td.n {color: #888; font-size: .8rem; width: 3rem;}
mark.diff {background: #ffd966; padding: 0 .1rem;}
.wl {display: grid; grid-template-columns: 1fr 1fr; gap: 1.2rem; font-family: Georgia, "DejaVu Serif", serif;
  font-size: 1.02rem; line-height: 1.45;}
.wl-sent {white-space: pre-wrap;}
.wl .w {cursor: pointer; outline: none;}
.wl .w:hover, .wl .w:focus {text-decoration: underline;}
.wl .unlinked {border-bottom: 1px dotted #b9b9b9;}
.wl .gap {background: #fbe3dc;}
</style>"""
ROLE_LABELS = {
    "original": "original",
    "translation": "translation",
    "working translation": "working translation, NOT the original",
}


def texts_dir() -> Path:
    return Path(os.environ.get("ALIGN_TEXTS_DIR") or corpus.TEXTS_DIR)


def plain(text: str) -> str:
    """Text made literal for the Markdown of st.error and friends: every ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


# --- cached loading: keyed by the file's identity on disk, so an edit in any tab shows at once ----


def _stamp(path: Path) -> tuple[str, int, int, int]:
    info = path.stat()
    return str(path), info.st_mtime_ns, info.st_size, info.st_ino


@st.cache_resource(max_entries=8, show_spinner=False)
def _read(stamp: tuple[str, int, int, int]) -> Alignment:
    return store.read_parquet(stamp[0])


@st.cache_resource(max_entries=8, show_spinner=False)
def _shown(stamp: tuple[str, int, int, int], k: int) -> Alignment:
    """The whole alignment (k = 0), or the pivot with text k as a pair."""
    alignment = _read(stamp)
    return alignment.pair(k) if k else alignment


@st.cache_resource(max_entries=8, show_spinner=False)
def _suspicious(stamp: tuple[str, int, int, int], k: int) -> dict[int, list[str]]:
    return checks.check(_shown(stamp, k))


@st.cache_resource(max_entries=4, show_spinner="Indexing the beads by meaning…")
def _meaning_index(stamp: tuple[str, int, int, int], k: int) -> search.MeaningIndex:
    alignment = _shown(stamp, k)
    return search.MeaningIndex(alignment, _embedder(search.model_to_load(alignment.model)))


@st.cache_resource(max_entries=8, show_spinner=False)
def _gap_lines(stamp: tuple[str, int, int, int], k: int) -> list[str]:
    """The long stretches of the pivot and text k without counterpart, and which are a passage moved."""
    pair = _read(stamp).pair(k)
    return gaps.report(pair, lambda texts: _embedder(search.model_to_load(pair.model)).encode(texts))


@st.cache_resource(max_entries=8, show_spinner=False)
def _map_points(stamp: tuple[str, int, int, int], k: int) -> pd.DataFrame:
    return pd.DataFrame(view.path_points(_shown(stamp, k)))


# --- the model: loaded once per process (a few seconds each time), shared by every session --------


def _embedder(model: str | None) -> CachedEmbedder:
    """The embedder for a model name or folder (empty or None: the bundled default)."""
    return _load_embedder(None if is_default_model(model) else model)


@st.cache_resource(max_entries=2, show_spinner="Loading the model…")
def _load_embedder(model: str | None) -> CachedEmbedder:
    return load_embedder(model)


@st.cache_resource(max_entries=4, show_spinner=False)
def _concordance(stamp: tuple[str, int, int, int], k: int) -> renderings.Concordance:
    return renderings.Concordance(_shown(stamp, k))


# --- aligning -----------------------------------------------------------------------------------


def _with_progress_bar(label: str, run: Callable[[pipeline.Progress], Alignment]) -> Alignment:
    bar = st.progress(0.0, text=f"Aligning {label}…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{step}: {done} of {total}")

    try:
        return run(progress)
    finally:
        bar.empty()  # also when aligning fails: no progress bar left standing


def _aligned(src_side: Side, tgt_side: Side, model: str, label: str) -> Alignment:
    embedder = _embedder(model)
    return _with_progress_bar(label, lambda progress: pipeline.align_sides(src_side, tgt_side, embedder, progress=progress))


def _align_work(work: corpus.Work, model: str) -> Alignment:
    label = " with ".join(text.path.name for text in work.texts)
    return _with_progress_bar(label, lambda progress: pipeline.align_work(work, progress=progress, embedder=_embedder(model)))


def _same_model(stored: str, wanted: str) -> bool:
    return stored == wanted or (is_default_model(wanted) and is_default_model(stored))


# --- sidebar --------------------------------------------------------------------------------------


def _sidebar() -> tuple[Path | None, corpus.Work | None, str]:
    """Returns the alignment file to show (created if need be), its corpus work if any, the model."""
    side = st.sidebar
    side.header("Texts")
    model = side.text_input("Model", value=DEFAULT_MODEL, help="The bundled model, or a sentence-transformers name or folder")
    source = side.radio("Open", [ONE_WORK, OWN_FILES, WHOLE_LIBRARY], key="source", on_change=_reset_view)
    if source == OWN_FILES:
        return _uploads(model), None, model
    if source == WHOLE_LIBRARY:
        return None, None, model
    try:
        works = corpus.list_works(texts_dir())
    except AlignError as error:
        st.error(plain(str(error)))
        return None, None, model
    if not works:
        side.info("No works in the library folder.")
        return None, None, model
    ids = [w.id for w in works]
    default = ids.index("sorin-1918") if "sorin-1918" in ids else 0
    chosen = side.selectbox("Work", ids, index=default, key="pair", on_change=_reset_view)
    work = works[ids.index(chosen)]
    path = work.alignment_path
    if not path.exists():
        store.write_parquet(_align_work(work, model), path)
    return path, work, model


def _uploads(model: str) -> Path | None:
    side = st.sidebar
    left = side.file_uploader("Left text (e.g. the translation)", key="left-file")
    right = side.file_uploader("Right text (e.g. the original)", key="right-file")
    original = side.selectbox("Which text is the original?", ["not known", "the left one", "the right one"])
    if side.button("Align these files", disabled=not (left and right)):
        folder = Path(st.session_state.setdefault("upload_dir", tempfile.mkdtemp(prefix="align-")))
        roles = {"not known": ("", ""), "the left one": ("original", "translation"),
                 "the right one": ("translation", "original")}[original]
        try:
            sides = []
            for upload, role, name in ((left, roles[0], "left"), (right, roles[1], "right")):
                file = folder / name / _upload_name(upload.name, f"{name}.txt")
                file.parent.mkdir(exist_ok=True)
                file.write_bytes(upload.getvalue())
                sides.append(pipeline.read_side(file, role=role))
            path = folder / "left.right.parquet"
            store.write_parquet(_aligned(sides[0], sides[1], model, "your files"), path)
            for old in edit.history(path):
                old.unlink()
            st.session_state.upload_path = str(path)
            _reset_view()
        except (AlignError, OSError) as error:
            side.error(plain(str(error)))
    path = st.session_state.get("upload_path")
    return Path(path) if path else None


def _upload_name(name: str, fallback: str) -> str:
    """The uploaded file's own name, if it is one ("..", "." or a hidden name are not)."""
    name = Path(name).name
    return name if name not in ("", ".", "..") and not name.startswith(".") else fallback


def _sidebar_tools(path: Path, alignment: Alignment, work: corpus.Work | None, model: str) -> None:
    side = st.sidebar
    side.header("Changes")
    versions = len(edit.history(path))
    owner = edit.last_change_by(path)
    others = bool(owner) and owner != _session()
    side.button(f"Undo last change ({versions} kept)", disabled=not versions or others, on_click=_undo,
                args=(str(path),), width="stretch",
                help="The last change was made in another tab; it can be undone there." if others else None)
    if others:
        side.caption("The last change was made in another tab; only that tab can undo it.")
    if work is not None and not _same_model(alignment.model, model):
        if side.button("Re-align with this model", width="stretch"):
            try:
                edit.save_edit(path, alignment, _align_work(work, model), _session())
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


# --- callbacks (run before the next rerun, so they may set widget state) --------------------------


def _reset_view() -> None:
    st.session_state.page = 1
    st.session_state.pop("focus", None)


def _focus(n: int) -> None:
    """Show bead n in context: filters off, its page, highlighted."""
    for key in ("f-low", "f-multi", "f-omission", "f-addition", "f-suspicious", "f-partial"):
        st.session_state[key] = False
    st.session_state.focus = n
    st.session_state.scroll_to_focus = True
    st.session_state.page = n // PAGE_SIZE + 1
    st.session_state.jump = True  # with N texts the page is found among the rows shown


def _session() -> str:
    """This browser tab's identity, recorded with each change it saves."""
    return st.session_state.setdefault("session_id", uuid.uuid4().hex)


def _undo(path: str) -> None:
    try:
        edit.undo(path, _session())
        st.session_state.notice = ("ok", "Undone.")
    except AlignError as error:
        st.session_state.notice = ("error", str(error))


def _edit(path: str, src: tuple[int, ...], tgt: tuple[int, ...], action: str, *args) -> None:
    """Apply an edit to the bead with these sentences in the file as it is now on disk; beads
    it changed get a confidence computed again by the model."""
    def change(alignment: Alignment) -> Alignment:
        n = edit.find_bead(alignment, src, tgt)
        st.session_state.focus = n
        if action == "verify":
            return edit.set_verified(alignment, n, *args)
        if action == "split":
            edited = edit.split(alignment, n, *st.session_state[f"split-{src}-{tgt}"])
        else:
            edited = {"merge": edit.merge, "move": edit.move}[action](alignment, n, *args)
        before = {(b.src, b.tgt) for b in alignment.beads}
        changed = [k for k, b in enumerate(edited.beads) if (b.src, b.tgt) not in before]
        try:
            return edit.rescore(edited, _embedder(search.model_to_load(alignment.model)), changed)
        except AlignError:  # the model is not available here: saved with the old confidence, and said so
            st.session_state.notice = ("ok", "Saved; the changed beads keep their old confidence (model not available).")
            return edited

    try:  # with three texts or more, the pair on screen is edited and merged back
        edit.apply_edit(path, edit.on_pair(st.session_state.get("view") or 1, change), _session())
        st.session_state.notice = ("ok", "Saved.")
    except AlignError as error:
        st.session_state.notice = ("error", str(error))


# --- main view ------------------------------------------------------------------------------------


def _provenance(alignment: Alignment, work: corpus.Work | None) -> None:
    columns = st.columns(len(alignment.sides))
    for column, side in zip(columns, alignment.sides):
        role = ROLE_LABELS.get(side.role, "role not stated")
        css = "not-original" if side.role == "working translation" else ""
        column.markdown(
            f'<div class="side-head">{view.language_name(side.lang)} '
            f'<span class="{css}">— {role}</span></div>',
            unsafe_allow_html=True,
        )
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
            st.warning(message)
    for k in range(1, len(alignment.sides)):
        warning = checks.parallel_warning(alignment.pair(k))
        if warning:
            st.warning(plain(warning[0].upper() + warning[1:] + "."))


def _query_box(label: str, prefix: str, placeholder: str) -> tuple[str, str]:
    """A search box and its mode (words, regex or meaning), keyed `{prefix}query`, `{prefix}mode`."""
    query_col, mode_col = st.columns([3, 2])
    query = query_col.text_input(label, key=f"{prefix}query", placeholder=placeholder)
    mode = mode_col.radio("Search by", ["words", "regex", "meaning"], horizontal=True, key=f"{prefix}mode")
    return query, mode


def _search(alignment: Alignment, stamp: tuple, k: int) -> None:
    query, mode = _query_box("Search", "", "words in either language, a regex, or a meaning")
    if not query.strip():
        return
    try:
        if mode == "meaning":
            results = _meaning_index(stamp, k).search(query, MAX_RESULTS)
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
        button.button(label, key=f"go-{n}", on_click=_focus, args=(n,))
        snippet = next((store.bead_text(side, ids) for side, ids in zip(alignment.sides, bead.columns) if ids), "")
        text.text(snippet[:160] + ("…" if len(snippet) > 160 else ""))


def _renderings(alignment: Alignment, stamp: tuple, k: int) -> None:
    """The bilingual concordance: every occurrence of a word (any form), grouped by its rendering."""
    with st.expander("Renderings: how was a word translated?", expanded=bool(st.session_state.get("rendering"))):
        word = st.text_input("Word", key="rendering", placeholder="a word in either language, any form")
        if not word.strip():
            return
        found = _concordance(stamp, k).lookup(word)
        if not found:
            st.caption("Not found (or the alignment has no word links).")
        for result in found:
            side = alignment.src if result.side == "src" else alignment.tgt
            total = sum(r.count for r in result.renderings)
            st.caption(f"{total} occurrences in the {view.language_name(side.lang)} text")
            for k, rendering in enumerate(result.renderings[:MAX_RESULTS]):
                label, jumps = st.columns([4, 6])
                label.text(f"{rendering.text or '(no counterpart)'} ×{rendering.count}")
                with jumps.popover(f"{rendering.count} beads"):
                    for n in list(dict.fromkeys(rendering.beads))[:MAX_RESULTS]:  # a bead once, however often
                        st.button(f"Bead {n}", key=f"r-{result.side}-{k}-{n}", on_click=_focus, args=(n,))


def _map(alignment: Alignment, stamp: tuple, k: int) -> None:
    with st.expander("Alignment map: drag a rectangle to list the beads in it"):
        data = _map_points(stamp, k)
        region = alt.selection_interval(name="region", encodings=["x", "y"])
        chart = (
            alt.Chart(data)
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


def _filters(alignment: Alignment, suspicious: dict[int, list[str]]) -> list[int]:
    original = view.original_side(alignment)
    names = {"src": view.language_name(alignment.src.lang), "tgt": view.language_name(alignment.tgt.lang)}
    if original is None:
        one_sided = {"source only": "src", "target only": "tgt"}
    else:  # text only in the original is an omission of the translation; only in the translation, an addition
        other = "tgt" if original == "src" else "src"
        one_sided = {"omission": original, "addition": other}
    st.write("Show only beads that are (any of):")
    columns = st.columns([1.4, 1, 1, 1, 1, 1])
    low = columns[0].checkbox("low confidence", key="f-low")
    threshold = columns[0].slider("below", 0.0, 1.0, pipeline.LOW_CONFIDENCE, 0.05, key="f-threshold",
                                  label_visibility="collapsed")
    multi = columns[1].checkbox("not 1-1", key="f-multi")
    chosen = [
        name
        for column, key, (name, side) in zip(columns[2:4], ("f-omission", "f-addition"), one_sided.items())
        if column.checkbox(name, key=key, help=f"beads with text only in the {names[side]}")
    ]
    odd = columns[4].checkbox(f"suspicious ({len(suspicious)})", key="f-suspicious",
                              help="length ratio unusual for this document, numbers or names on one side only")
    partial = {n for n, bead in enumerate(alignment.beads) if "partial" in bead.flags}
    gaps = columns[5].checkbox(f"partial ({len(partial)})", key="f-partial",
                               help="words (3 or more) on one side with no counterpart on the other")
    chosen_beads = set(suspicious if odd else ()) | (partial if gaps else set())
    return view.select(
        alignment,
        below=threshold if low else None,
        not_one_to_one=multi,
        one_sided=chosen,
        suspicious=chosen_beads if (odd or gaps) else None,
    )


def _badge(n: int, bead: Bead, kind: str, focused: bool) -> str:
    """Trusted HTML: numbers and fixed words only, never text from a file."""
    hue = int(120 * bead.score)
    marks = "".join(
        f"<br>{mark}" for mark, on in (("✓ verified", "verified" in bead.flags), ("✎ edited", "edited" in bead.flags),
                                       ("▶ here", focused)) if on
    )
    return (
        f'<div class="bead-meta" style="border-left:6px solid hsl({hue},65%,42%)">'
        f"<b>{n}</b><br>{kind}<br>{bead.score:.2f}{marks}</div>"
    )


def _bead(path: str, alignment: Alignment, n: int, reasons: list[str], focused: bool) -> None:
    bead = alignment.beads[n]
    kind = view.kind_name(bead, view.original_side(alignment))
    with st.container(border=focused, key=f"bead-{_identity(bead)}"):
        if bead.words is not None:  # both sides in one block, so that a word can light up its counterparts
            meta, body, tools = st.columns([BEAD_COLUMNS[0], BEAD_COLUMNS[1] + BEAD_COLUMNS[2], BEAD_COLUMNS[3]])
            body.html(renderings.bead_html(alignment, n))  # every token escaped by renderings
        else:
            meta, left, right, tools = st.columns(BEAD_COLUMNS)
            for column, side, ids in ((left, alignment.src, bead.src), (right, alignment.tgt, bead.tgt)):
                column.text("\n".join(side.sentences[i].text for i in ids) if ids else "—")
        meta.markdown(_badge(n, bead, kind, focused), unsafe_allow_html=True)
        if reasons:
            st.text("⚠ " + "; ".join(reasons))
        # keyed by the bead's sentences: after an edit the changed bead's menu is a new, closed one,
        # and no open menu passes to the bead that now stands where it stood
        with tools.popover("Edit", help="Correct this bead", key=f"edit-{_identity(bead)}"):
            _edit_controls(path, alignment, n)


def _identity(bead: Bead) -> str:
    """The bead's sentences as a key (also a CSS class name): "s3_4-t5"."""
    return "s" + "_".join(map(str, bead.src)) + "-t" + "_".join(map(str, bead.tgt))


def _edit_controls(path: str, alignment: Alignment, n: int) -> None:
    bead = alignment.beads[n]
    key = f"{bead.src}-{bead.tgt}"
    names = {"src": view.language_name(alignment.src.lang), "tgt": view.language_name(alignment.tgt.lang)}
    verified = "verified" in bead.flags
    st.button("Unmark verified" if verified else "Mark verified ✓", key=f"verify-{key}", on_click=_edit,
              args=(path, bead.src, bead.tgt, "verify", not verified))
    st.button("Merge with next bead", key=f"merge-{key}", disabled=n + 1 >= len(alignment.beads),
              on_click=_edit, args=(path, bead.src, bead.tgt, "merge"))
    points = edit.split_points(bead)
    if points:
        st.selectbox(
            "Split after", points, key=f"split-{key}",
            format_func=lambda p: f"{p[0]} {names['src']} and {p[1]} {names['tgt']} sentences",
        )
        st.button("Split", key=f"split-go-{key}", on_click=_edit, args=(path, bead.src, bead.tgt, "split"))
    for side in ("src", "tgt"):
        if not getattr(bead, side):
            continue
        if n > 0:
            st.button(f"↑ first {names[side]} sentence to the previous bead", key=f"up-{side}-{key}",
                      on_click=_edit, args=(path, bead.src, bead.tgt, "move", side, "previous"))
        if n + 1 < len(alignment.beads):
            st.button(f"↓ last {names[side]} sentence to the next bead", key=f"down-{side}-{key}",
                      on_click=_edit, args=(path, bead.src, bead.tgt, "move", side, "next"))


def _beads(path: Path, alignment: Alignment, shown: list[int], suspicious: dict[int, list[str]]) -> None:
    page = _pager(len(shown), len(alignment.beads), "beads")
    focus = st.session_state.get("focus")
    head = st.columns(BEAD_COLUMNS)
    for column, side in zip(head[1:3], (alignment.src, alignment.tgt)):
        column.markdown(f'<div class="side-head">{view.language_name(side.lang)}</div>', unsafe_allow_html=True)
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        _bead(str(path), alignment, n, suspicious.get(n, []), n == focus)
    if st.session_state.pop("scroll_to_focus", False) and focus is not None and focus < len(alignment.beads):
        _scroll_to(f"st-key-bead-{_identity(alignment.beads[focus])}")


def _scroll_to(css_class: str) -> None:
    """Scroll the page to the element with this class once it is drawn (the class holds only
    letters, digits, "-" and "_": nothing from a file)."""
    st.html(
        "<script>(function go(tries) {"
        f"const el = document.querySelector('.{css_class}');"
        "if (el) el.scrollIntoView({block: 'center'}); else if (tries > 0) setTimeout(() => go(tries - 1), 100);"
        "})(50);</script>",
        unsafe_allow_javascript=True,
    )


# --- three texts or more -----------------------------------------------------------------------------


def _choose_view(alignment: Alignment) -> int:
    """0: every text side by side; k: the pivot with text k, checked and corrected as a pair."""
    if not alignment.others:
        return 0
    pivot = view.language_name(alignment.src.lang)
    names = {k: f"{pivot} with {view.text_label(side, k)}" for k, side in enumerate(alignment.sides) if k}
    return st.radio("View", [0, *names], key="view", horizontal=True, on_change=_reset_view,
                    format_func=lambda k: names.get(k, "All texts side by side"))


def _texts_view(alignment: Alignment, jump: bool) -> None:
    labels = {k: view.text_label(side, k) for k, side in enumerate(alignment.sides)}
    columns = st.multiselect("Texts to show, in this order", list(labels), default=list(labels)[:4],
                             format_func=labels.get, key="columns")
    if not columns:
        st.info("Choose the texts to show.")
        return
    _compare(alignment, labels)
    st.write("Show only rows where a translation shown is (any of):")
    boxes = st.columns([1.4, 1, 1, 1])
    low = boxes[0].checkbox("low confidence", key="f-low")
    threshold = boxes[0].slider("below", 0.0, 1.0, pipeline.LOW_CONFIDENCE, 0.05, key="f-threshold",
                                label_visibility="collapsed")
    multi = boxes[1].checkbox("not 1-1", key="f-multi")
    named = "src" if alignment.src.role in ("original", "working translation") else None
    one_sided = ["omission", "addition"] if named else ["source only", "target only"]
    chosen = [name for box, key, name in zip(boxes[2:], ("f-omission", "f-addition"), one_sided) if box.checkbox(name, key=key)]
    shown = view.select_rows(alignment, columns, below=threshold if low else None, not_one_to_one=multi, one_sided=chosen)
    focus = st.session_state.get("focus")
    if jump and focus in shown:
        st.session_state.page = shown.index(focus) // PAGE_SIZE + 1
    page = _pager(len(shown), len(alignment.beads), "rows")
    head = st.columns([0.6] + [5] * len(columns))
    for column, k in zip(head[1:], columns):
        column.markdown(f'<div class="side-head">{view.language_name(alignment.sides[k].lang)}</div>', unsafe_allow_html=True)
    cells = {k: view.column_cells(alignment, k) for k in columns}
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        with st.container(border=n == focus):
            row = st.columns([0.6] + [5] * len(columns))
            row[0].markdown(f'<div class="bead-meta"><b>{n}</b>{"<br>▶ here" if n == focus else ""}</div>',
                            unsafe_allow_html=True)
            for column, k in zip(row[1:], columns):
                _cell(column, cells[k][n])


def _cell(column, cell: dict) -> None:
    continued = cell["kind"] == "continued"
    column.text(cell["text"] or ("↑ with the row above" if continued else "—"))
    if cell["score"] is not None:  # trusted HTML: numbers and fixed words only
        hue = int(120 * cell["score"])
        words = " · ".join(w for w in (cell["kind"], *cell["flags"]) if w)
        column.markdown(f'<div class="cell-meta" style="border-left-color:hsl({hue},65%,42%)">'
                        f'{cell["score"]:.2f} · {words}</div>', unsafe_allow_html=True)


def _compare(alignment: Alignment, labels: dict[int, str]) -> None:
    """Two texts side by side, bead by bead; in one language, their differing words marked."""
    if not st.toggle("Compare two texts word by word", key="compare"):
        return
    langs = [side.lang for side in alignment.sides]
    same = next(((i, j) for i in range(1, len(langs)) for j in range(i + 1, len(langs)) if langs[i] == langs[j]), (1, 2))
    left, right = st.columns(2)
    i = left.selectbox("Text", list(labels), index=same[0], format_func=labels.get, key="cmp-a")
    j = right.selectbox("with", list(labels), index=same[1], format_func=labels.get, key="cmp-b")
    if i == j:
        st.info("Choose two different texts.")
        return
    rows = compare.compare(alignment, i, j)
    if langs[i] != langs[j]:
        st.caption("Different languages: shown side by side, without word differences.")
    else:
        st.caption(f"{sum(r['same'] for r in rows)} of {len(rows)} beads read the same; differing words are marked.")
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(st.number_input(f"Page (of {pages})", 1, key="cmp-page"), pages)
    body = "".join(  # each text escaped by compare.to_html
        f'<tr><td class="n">{n}</td><td>{row["left"]}</td><td>{row["right"]}</td></tr>'
        for n, row in enumerate(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], start=(page - 1) * PAGE_SIZE)
    )
    st.html(f'<table class="compare">{body}</table>')


def _pager(count: int, total: int, what: str) -> int:
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if st.session_state.get("page", 1) > pages:
        st.session_state.page = pages
    caption, pager = st.columns([4, 1])
    page = pager.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key="page")
    caption.caption(f"{count} of {total} {what} shown, {PAGE_SIZE} a page")
    return page


# --- the whole library: its works, and one search across them -------------------------------------


@st.cache_resource(max_entries=2, show_spinner="Indexing the library by meaning…")
def _library_index(root: str, state: tuple) -> library.MeaningIndex:
    return library.MeaningIndex(root)  # state: the stored alignments' stamps, so any change rebuilds it


def _open_hit(root: str, work: str, bead: int) -> None:
    """Open the work a library hit belongs to, at that bead."""
    st.session_state.source = ONE_WORK
    st.session_state.pair = corpus.load_work(Path(root) / work).id
    _focus(bead)


def _library_page(root: Path, model: str) -> None:
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
    query, mode = _query_box("Search every work", "library-", "words, a regex, or a meaning")
    if not query.strip():
        return
    try:
        if mode == "meaning":
            state = tuple((w.id, _stamp(w.alignment)) for w in works if w.state in ("aligned", "outdated"))
            hits = _library_index(str(root), state).search(query, MAX_RESULTS)
        else:
            hits = library.search_text(root, query, regex=mode == "regex", limit=MAX_RESULTS + 1)
    except AlignError as error:
        st.error(plain(str(error)))
        return
    st.caption(f"{min(len(hits), MAX_RESULTS)} beads listed" + (", there are more" if len(hits) > MAX_RESULTS else ""))
    for hit in hits[:MAX_RESULTS]:
        button, text = st.columns([2, 8])
        label = f"{hit.work} · {hit.bead}" + (f" · {hit.score:.2f}" if hit.score is not None else "")
        button.button(label, key=f"open-{hit.work}-{hit.bead}", on_click=_open_hit, args=(str(root), hit.work, hit.bead))
        text.text("\n".join(t[:160] + ("…" if len(t) > 160 else "") for t in hit.texts if t))


def main() -> None:
    st.set_page_config(page_title="align · reading room", layout="wide")
    st.html(STYLE)
    st.session_state.setdefault("page", 1)
    try:
        path, work, model = _sidebar()
    except AlignError as error:
        st.error(plain(str(error)))
        return
    if st.session_state.get("source") == WHOLE_LIBRARY:
        _library_page(texts_dir(), model)
        return
    if path is None or not path.exists():
        st.info("Choose a work, or upload two files and align them.")
        return
    notice = st.session_state.pop("notice", None)
    if notice:
        (st.success if notice[0] == "ok" else st.error)(plain(notice[1]))
    stamp = _stamp(path)
    full = _read(stamp)
    _sidebar_tools(path, full, work, model)
    st.subheader(plain(work.title) if work is not None else "Your files")
    _provenance(full, work)
    for line in (line for pair in range(1, len(full.sides)) for line in _gap_lines(stamp, pair)):
        st.info(plain(line[0].upper() + line[1:] + "."))
    k = _choose_view(full)
    alignment = _shown(stamp, k)
    _search(alignment, stamp, k)
    jump = st.session_state.pop("jump", False)
    if k == 0 and full.others:
        _texts_view(alignment, jump)
        return
    _renderings(alignment, stamp, k)
    _map(alignment, stamp, k)
    suspicious = _suspicious(stamp, k)
    _beads(path, alignment, _filters(alignment, suspicious), suspicious)


main()
