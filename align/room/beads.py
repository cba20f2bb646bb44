"""A pair of texts: filters, pager, and each bead with its Edit menu."""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from align import edit, pipeline, renderings, search, view
from align.records import AlignError, Alignment, Bead

from . import data, state
from .state import PAGE_SIZE
from .style import badge, scroll_script, side_head

BEAD_COLUMNS = [1.1, 5, 5, 1.4]  # number and confidence | left text | right text | Edit menu


def filters(alignment: Alignment, suspicious: dict[int, list[str]]) -> list[int]:
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


def pager(count: int, total: int, what: str) -> int:
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if st.session_state.get("page", 1) > pages:
        st.session_state.page = pages
    caption, number = st.columns([4, 1])
    page = number.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key="page")
    caption.caption(f"{count} of {total} {what} shown, {PAGE_SIZE} a page")
    return page


def scroll_to(css_class: str) -> None:
    st.html(scroll_script(css_class), unsafe_allow_javascript=True)


def identity(bead: Bead) -> str:
    """The bead's sentences as a key (also a CSS class name): "s3_4-t5"."""
    return "s" + "_".join(map(str, bead.src)) + "-t" + "_".join(map(str, bead.tgt))


def beads(path: Path, alignment: Alignment, shown: list[int], suspicious: dict[int, list[str]]) -> None:
    page = pager(len(shown), len(alignment.beads), "beads")
    focus = st.session_state.get("focus")
    head = st.columns(BEAD_COLUMNS)
    for column, side in zip(head[1:3], (alignment.src, alignment.tgt)):
        column.markdown(side_head(view.language_name(side.lang)), unsafe_allow_html=True)
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        bead_row(str(path), alignment, n, suspicious.get(n, []), n == focus)
    if st.session_state.pop("scroll_to_focus", False) and focus is not None and focus < len(alignment.beads):
        scroll_to(f"st-key-bead-{identity(alignment.beads[focus])}")


def bead_row(path: str, alignment: Alignment, n: int, reasons: list[str], focused: bool) -> None:
    bead = alignment.beads[n]
    kind = view.kind_name(bead, view.original_side(alignment))
    with st.container(border=focused, key=f"bead-{identity(bead)}"):
        if bead.words is not None:  # both sides in one block, so that a word can light up its counterparts
            meta, body, tools = st.columns([BEAD_COLUMNS[0], BEAD_COLUMNS[1] + BEAD_COLUMNS[2], BEAD_COLUMNS[3]])
            body.html(renderings.bead_html(alignment, n))  # every token escaped by renderings
        else:
            meta, left, right, tools = st.columns(BEAD_COLUMNS)
            for column, side, ids in ((left, alignment.src, bead.src), (right, alignment.tgt, bead.tgt)):
                column.text("\n".join(side.sentences[i].text for i in ids) if ids else "—")
        meta.markdown(badge(n, bead, kind, focused), unsafe_allow_html=True)
        if reasons:
            st.text("⚠ " + "; ".join(reasons))
        # keyed by the bead's sentences: after an edit the changed bead's menu is a new, closed one,
        # and no open menu passes to the bead that now stands where it stood
        with tools.popover("Edit", help="Correct this bead", key=f"edit-{identity(bead)}"):
            edit_menu(path, alignment, n)


def edit_menu(path: str, alignment: Alignment, n: int) -> None:
    bead = alignment.beads[n]
    key = f"{bead.src}-{bead.tgt}"
    names = {"src": view.language_name(alignment.src.lang), "tgt": view.language_name(alignment.tgt.lang)}
    verified = "verified" in bead.flags
    st.button("Unmark verified" if verified else "Mark verified ✓", key=f"verify-{key}", on_click=apply,
              args=(path, bead.src, bead.tgt, "verify", not verified))
    st.button("Merge with next bead", key=f"merge-{key}", disabled=n + 1 >= len(alignment.beads),
              on_click=apply, args=(path, bead.src, bead.tgt, "merge"))
    points = edit.split_points(bead)
    if points:
        st.selectbox(
            "Split after", points, key=f"split-{key}",
            format_func=lambda p: f"{p[0]} {names['src']} and {p[1]} {names['tgt']} sentences",
        )
        st.button("Split", key=f"split-go-{key}", on_click=apply, args=(path, bead.src, bead.tgt, "split"))
    for side in ("src", "tgt"):
        if not getattr(bead, side):
            continue
        if n > 0:
            st.button(f"↑ first {names[side]} sentence to the previous bead", key=f"up-{side}-{key}",
                      on_click=apply, args=(path, bead.src, bead.tgt, "move", side, "previous"))
        if n + 1 < len(alignment.beads):
            st.button(f"↓ last {names[side]} sentence to the next bead", key=f"down-{side}-{key}",
                      on_click=apply, args=(path, bead.src, bead.tgt, "move", side, "next"))


def apply(path: str, src: tuple[int, ...], tgt: tuple[int, ...], action: str, *args) -> None:
    """Apply an edit to the bead with these sentences in the file as it is now on disk (a callback);
    beads it changed get a confidence computed again by the model."""
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
            return edit.rescore(edited, data.embedder(search.model_to_load(alignment.model)), changed)
        except AlignError:  # the model is not available here: saved with the old confidence, and said so
            state.say(True, "Saved; the changed beads keep their old confidence (model not available).")
            return edited

    try:  # with three texts or more, the pair on screen is edited and merged back
        edit.apply_edit(path, edit.on_pair(st.session_state.get("view") or 1, change), state.session())
        state.say(True, "Saved.")
    except AlignError as error:
        state.say(False, str(error))
