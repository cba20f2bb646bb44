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
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from align import checks, corpus, edit, export, pipeline, renderings, search, store, view
from align.embed import DEFAULT_MODEL, load_embedder
from align.records import AlignError, Alignment, Bead, Side

PAGE_SIZE = 50
MAX_RESULTS = 20
STYLE = """<style>
[data-testid="stText"], [data-testid="stText"] span {font-family: Georgia, "DejaVu Serif", serif; font-size: 1.02rem; line-height: 1.45;
  white-space: pre-wrap;}
.bead-meta {font-size: .85rem; color: #555; padding-left: .5rem; line-height: 1.35;}
.bead-meta b {font-size: 1rem; color: #222;}
.side-head {font-weight: 600; font-size: 1.05rem;}
.not-original {color: #a5361f; font-weight: 700;}
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
def _suspicious(stamp: tuple[str, int, int, int]) -> dict[int, list[str]]:
    return checks.check(_read(stamp))


@st.cache_resource(max_entries=4, show_spinner="Indexing the beads by meaning…")
def _meaning_index(stamp: tuple[str, int, int, int]) -> search.MeaningIndex:
    alignment = _read(stamp)
    return search.MeaningIndex(alignment, search.embedder_for(alignment.model))


@st.cache_resource(max_entries=4, show_spinner=False)
def _concordance(stamp: tuple[str, int, int, int]) -> renderings.Concordance:
    return renderings.Concordance(_read(stamp))


# --- aligning -----------------------------------------------------------------------------------


def _with_progress_bar(label: str, run: Callable[[pipeline.Progress], Alignment]) -> Alignment:
    bar = st.progress(0.0, text=f"Aligning {label}…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"{step}: {done} of {total}")

    alignment = run(progress)
    bar.empty()
    return alignment


def _aligned(src_side: Side, tgt_side: Side, model: str, label: str) -> Alignment:
    embedder = load_embedder(model or None)
    return _with_progress_bar(label, lambda progress: pipeline.align_sides(src_side, tgt_side, embedder, progress=progress))


def _align_pair(pair: corpus.Pair, model: str) -> Alignment:
    label = f"{pair.src.path.name} with {pair.tgt.path.name}"
    return _with_progress_bar(label, lambda progress: pipeline.align_pair(pair, model or None, progress))


def _same_model(stored: str, wanted: str) -> bool:
    return stored == wanted or (wanted in ("", DEFAULT_MODEL) and stored.startswith(DEFAULT_MODEL))


# --- sidebar --------------------------------------------------------------------------------------


def _sidebar() -> tuple[Path | None, corpus.Pair | None, str]:
    """Returns the alignment file to show (created if need be), its corpus pair if any, the model."""
    side = st.sidebar
    side.header("Texts")
    model = side.text_input("Model", value=DEFAULT_MODEL, help="The bundled model, or a sentence-transformers name or folder")
    source = side.radio("Open", ["A pair from the library", "Two files of my own"], key="source", on_change=_reset_view)
    if source == "Two files of my own":
        return _uploads(model), None, model
    try:
        pairs = corpus.list_pairs(texts_dir())
    except AlignError as error:
        st.error(plain(str(error)))
        return None, None, model
    if not pairs:
        side.info("No text pairs in the library folder.")
        return None, None, model
    ids = [p.id for p in pairs]
    default = ids.index("sorin-1918") if "sorin-1918" in ids else 0
    chosen = side.selectbox("Pair", ids, index=default, key="pair", on_change=_reset_view)
    pair = pairs[ids.index(chosen)]
    path = pair.alignment_path
    if not path.exists():
        store.write_parquet(_align_pair(pair, model), path)
    return path, pair, model


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
                file = folder / name / (Path(upload.name).name or name)
                file.parent.mkdir(exist_ok=True)
                file.write_bytes(upload.getvalue())
                sides.append(pipeline.read_side(file, role=role))
            path = folder / "left.right.parquet"
            store.write_parquet(_aligned(sides[0], sides[1], model, "your files"), path)
            for old in edit.history(path):
                old.unlink()
            st.session_state.upload_path = str(path)
            _reset_view()
        except AlignError as error:
            side.error(plain(str(error)))
    path = st.session_state.get("upload_path")
    return Path(path) if path else None


def _sidebar_tools(path: Path, alignment: Alignment, pair: corpus.Pair | None, model: str) -> None:
    side = st.sidebar
    side.header("Changes")
    versions = len(edit.history(path))
    side.button(f"Undo last change ({versions} kept)", disabled=not versions, on_click=_undo, args=(str(path),),
                width="stretch")
    if pair is not None and not _same_model(alignment.model, model):
        if side.button("Re-align with this model", width="stretch"):
            try:
                edit.save_edit(path, alignment, _align_pair(pair, model))
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
    st.session_state.page = n // PAGE_SIZE + 1


def _undo(path: str) -> None:
    try:
        edit.undo(path)
        st.session_state.notice = ("ok", "Undone.")
    except AlignError as error:
        st.session_state.notice = ("error", str(error))


def _edit(path: str, src: tuple[int, ...], tgt: tuple[int, ...], action: str, *args) -> None:
    """Apply an edit to the bead with these sentences in the file as it is now on disk."""
    def change(alignment: Alignment) -> Alignment:
        n = edit.find_bead(alignment, src, tgt)
        st.session_state.focus = n
        if action == "split":
            return edit.split(alignment, n, *st.session_state[f"split-{src}-{tgt}"])
        operations = {"merge": edit.merge, "move": edit.move, "verify": edit.set_verified}
        return operations[action](alignment, n, *args)

    try:
        edit.apply_edit(path, change)
        st.session_state.notice = ("ok", "Saved.")
    except AlignError as error:
        st.session_state.notice = ("error", str(error))


# --- main view ------------------------------------------------------------------------------------


def _provenance(alignment: Alignment, pair: corpus.Pair | None) -> None:
    columns = st.columns(2)
    for column, side in zip(columns, (alignment.src, alignment.tgt)):
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
            if pair is not None and pair.meta.get("original", {}).get("note"):
                column.text(pair.meta["original"]["note"])
    st.text(f"Model: {alignment.model}    Aligned: {alignment.created}    {len(alignment.beads)} beads")


def _search(alignment: Alignment, stamp: tuple) -> None:
    query_col, mode_col = st.columns([3, 2])
    query = query_col.text_input("Search", key="query", placeholder="words in either language, a regex, or a meaning")
    mode = mode_col.radio("Search by", ["words", "regex", "meaning"], horizontal=True, key="mode")
    if not query.strip():
        return
    try:
        if mode == "meaning":
            results = _meaning_index(stamp).search(query, MAX_RESULTS)
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
        snippet = store.bead_text(alignment.src, bead.src) or store.bead_text(alignment.tgt, bead.tgt)
        text.text(snippet[:160] + ("…" if len(snippet) > 160 else ""))


def _renderings(alignment: Alignment, stamp: tuple) -> None:
    """The bilingual concordance: every occurrence of a word (any form), grouped by its rendering."""
    with st.expander("Renderings: how was a word translated?", expanded=bool(st.session_state.get("rendering"))):
        word = st.text_input("Word", key="rendering", placeholder="a word in either language, any form")
        if not word.strip():
            return
        found = _concordance(stamp).lookup(word)
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


def _map(alignment: Alignment) -> None:
    with st.expander("Alignment map: drag a rectangle to list the beads in it"):
        data = pd.DataFrame(view.path_points(alignment))
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
    with st.container(border=focused):
        if bead.words is not None:  # both sides in one block, so that a word can light up its counterparts
            meta, body, tools = st.columns([0.8, 10, 1])
            body.html(renderings.bead_html(alignment, n))  # every token escaped by renderings
        else:
            meta, left, right, tools = st.columns([0.8, 5, 5, 1])
            for column, side, ids in ((left, alignment.src, bead.src), (right, alignment.tgt, bead.tgt)):
                column.text("\n".join(side.sentences[i].text for i in ids) if ids else "—")
        meta.markdown(_badge(n, bead, kind, focused), unsafe_allow_html=True)
        if reasons:
            st.text("⚠ " + "; ".join(reasons))
        with tools.popover("Edit", help="Correct this bead"):
            _edit_controls(path, alignment, n)


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
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    if st.session_state.get("page", 1) > pages:
        st.session_state.page = pages
    count, pager = st.columns([4, 1])
    page = pager.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key="page")
    count.caption(f"{len(shown)} of {len(alignment.beads)} beads shown, {PAGE_SIZE} a page")
    focus = st.session_state.get("focus")
    head = st.columns([0.8, 5, 5, 1])
    for column, side in zip(head[1:3], (alignment.src, alignment.tgt)):
        column.markdown(f'<div class="side-head">{view.language_name(side.lang)}</div>', unsafe_allow_html=True)
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        _bead(str(path), alignment, n, suspicious.get(n, []), n == focus)


def main() -> None:
    st.set_page_config(page_title="align · reading room", layout="wide")
    st.html(STYLE)
    st.session_state.setdefault("page", 1)
    try:
        path, pair, model = _sidebar()
    except AlignError as error:
        st.error(plain(str(error)))
        return
    if path is None or not path.exists():
        st.info("Choose a text pair, or upload two files and align them.")
        return
    notice = st.session_state.pop("notice", None)
    if notice:
        (st.success if notice[0] == "ok" else st.error)(plain(notice[1]))
    stamp = _stamp(path)
    alignment = _read(stamp)
    _sidebar_tools(path, alignment, pair, model)
    st.subheader(plain(pair.title) if pair is not None else "Your files")
    _provenance(alignment, pair)
    _search(alignment, stamp)
    _renderings(alignment, stamp)
    _map(alignment)
    suspicious = _suspicious(stamp)
    _beads(path, alignment, _filters(alignment, suspicious), suspicious)


main()
