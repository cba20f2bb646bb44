"""A pair of texts: filters, pager, and each bead with its Edit menu."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from align import edit, renderings, search, view
from align.records import LOW_CONFIDENCE, AlignError, Alignment, Bead

from . import data, state
from .state import PAGE_SIZE
from .style import badge, scroll_script, side_head

BEAD_COLUMNS = [1.1, 5, 5, 1.4]  # number and confidence | left text | right text | Edit menu


def filters(alignment: Alignment, suspicious: dict[int, list[str]], notes: list) -> tuple[list[int], bool]:
    """The beads the filters chosen show, and whether any filter is on."""
    original = view.original_side(alignment)
    names = {"src": view.language_name(alignment.src.lang), "tgt": view.language_name(alignment.tgt.lang)}
    if original is None:
        one_sided = {"source only": "src", "target only": "tgt"}
    else:  # text only in the original is an omission of the translation; only in the translation, an addition
        other = "tgt" if original == "src" else "src"
        one_sided = {"omission": original, "addition": other}
    st.write("Show only beads that are (any of):")
    columns, below, multi = shape_filters()
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
    review, note_query = review_filters()
    chosen_beads = set(suspicious if odd else ()) | (partial if gaps else set())
    shown = view.select(
        alignment,
        below=below,
        not_one_to_one=multi,
        one_sided=chosen,
        suspicious=chosen_beads if (odd or gaps) else None,
        review=review,
        notes=notes,
        note_query=note_query,
    )
    return shown, bool(below is not None or multi or chosen or odd or gaps or review or note_query.strip())


def shape_filters() -> tuple[list, float | None, bool]:
    """The row of filter boxes, its first two filled: low confidence (below what, None: off) and not 1-1."""
    boxes = st.columns([1.4, 1, 1, 1, 1, 1])
    low = boxes[0].checkbox("low confidence", key="f-low")
    threshold = boxes[0].slider("below", 0.0, 1.0, LOW_CONFIDENCE, 0.05, key="f-threshold",
                                label_visibility="collapsed")
    multi = boxes[1].checkbox("not 1-1", key="f-multi")
    return boxes, threshold if low else None, multi


def review_filters() -> tuple[list[str], str]:
    """Checkboxes for the review states, and a search in notes and tags."""
    columns = st.columns([1, 1, 1, 1, 2.4])
    keys = ("f-verified", "f-not-verified", "f-edited", "f-noted")
    review = [name for column, key, name in zip(columns, keys, view.REVIEW_STATES) if column.checkbox(name, key=key)]
    query = columns[4].text_input("Notes and tags holding", key="f-note-query", placeholder="in notes and tags",
                                  label_visibility="collapsed")
    return review, query


def pager(count: int, total: int, what: str) -> int:
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if st.session_state.get("page", 1) > pages:
        st.session_state.page = pages
    caption, number = st.columns([4, 1])
    page = number.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key="page")
    caption.caption(f"{count} of {total} {what} shown, {PAGE_SIZE} a page")
    return page


def pager_below(count: int) -> None:
    """Previous and next page at the bottom of the page, back at the top of the new one."""
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = st.session_state.get("page", 1)
    if pages == 1:
        return
    back, where, forward = st.columns([1, 3, 1])
    back.button("◀ Previous page", key="page-back", disabled=page <= 1, on_click=_turn, args=(page - 1,), width="stretch")
    where.caption(f"Page {page} of {pages}")
    forward.button("Next page ▶", key="page-next", disabled=page >= pages, on_click=_turn, args=(page + 1,), width="stretch")


def _turn(page: int) -> None:
    st.session_state.page = page
    st.session_state.pop("focus", None)
    st.session_state.scroll_to_top = True


def scroll_to(css_class: str) -> None:
    st.html(scroll_script(css_class), unsafe_allow_javascript=True)


def identity(bead: Bead) -> str:
    """The bead's sentences as a key (also a CSS class name): "s3_4-t5"."""
    return "s" + "_".join(map(str, bead.src)) + "-t" + "_".join(map(str, bead.tgt))


def review_bar(path: str, alignment: Alignment, k: int, shown: list[int], filtered: bool,
               suspicious: dict[int, list[str]]) -> None:
    """How far the review is, and the way through it: previous / next doubtful bead (J, K), verify
    (V), merge (M) or split (S) the bead in focus, go to bead N."""
    verified, total = view.review_counts(alignment)
    st.progress(verified / max(total, 1), text=f"{verified} of {total} beads verified · {total - verified} to check")
    threshold = st.session_state.get("f-threshold", LOW_CONFIDENCE)
    todo = view.doubtful(alignment, shown, filtered, suspicious, threshold)
    focused = st.session_state.get("focus")
    focused = focused if focused is not None and focused < total else None
    before, after = view.step(todo, focused, False), view.step(todo, focused, True)
    columns = st.columns([1.2, 1.2, 1, 1, 1, 0.9, 0.6])
    what = "filtered bead" if filtered else "doubtful bead"
    columns[0].button(f"◀ Previous {what}", key="prev-doubtful", shortcut="K", disabled=before is None,
                      on_click=state.focus, args=(before, False), width="stretch")
    columns[1].button(f"Next {what} ▶", key="next-doubtful", shortcut="J", disabled=after is None,
                      on_click=state.focus, args=(after, False), width="stretch")
    bead = alignment.beads[focused] if focused is not None else None
    verified_now = bead is not None and "verified" in bead.flags
    columns[2].button("Unverify" if verified_now else "Verify ✓", key="verify-focus", shortcut="V", disabled=bead is None,
                      on_click=apply, args=(path, bead.src, bead.tgt, "verify", not verified_now) if bead else None,
                      kwargs={"k": k}, width="stretch", help="the bead in focus (▶)")
    columns[3].button("Merge", key="merge-focus", shortcut="M", disabled=bead is None or focused + 1 >= total,
                      on_click=apply, args=(path, bead.src, bead.tgt, "merge") if bead else None,
                      kwargs={"k": k}, width="stretch", help="the bead in focus with the next one")
    points = edit.split_points(bead) if bead else []
    columns[4].button("Split", key="split-focus", shortcut="S", disabled=not points,
                      on_click=apply, args=(path, bead.src, bead.tgt, "split", *points[0]) if points else None,
                      kwargs={"k": k}, width="stretch", help="the bead in focus, as evenly as it goes")
    columns[5].number_input("Go to bead", 0, max(total - 1, 0), key="goto", label_visibility="collapsed",
                            help="Go to bead number…")
    columns[6].button("Go", key="goto-go", shortcut="G", on_click=lambda: state.focus(st.session_state.goto), width="stretch")
    st.caption(f"{len(todo)} {what}s to check" + (f" · bead {focused} in focus" if focused is not None else "")
               + " · keys: J next, K previous, V verify, M merge, S split, G go to, U undo")


def beads(path: Path, alignment: Alignment, k: int, suspicious: dict[int, list[str]], notes: list,
          footnotes: dict[int, list[str]]) -> None:
    shown, filtered = filters(alignment, suspicious, notes)
    review_bar(str(path), alignment, k, shown, filtered, suspicious)
    state.page_of(shown)
    page = pager(len(shown), len(alignment.beads), "beads")
    focus = st.session_state.get("focus")
    head = st.columns(BEAD_COLUMNS)
    for column, side in zip(head[1:3], (alignment.src, alignment.tgt)):
        column.markdown(side_head(view.language_name(side.lang)), unsafe_allow_html=True)
    for n in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        bead_row(str(path), alignment, k, n, suspicious.get(n, []), notes[n], n == focus, footnotes.get(n, []))
    pager_below(len(shown))
    if st.session_state.pop("scroll_to_focus", False) and focus is not None and focus < len(alignment.beads):
        scroll_to(f"st-key-bead-{identity(alignment.beads[focus])}")
    elif st.session_state.pop("scroll_to_top", False):
        scroll_to("st-key-page-top")


def bead_row(path: str, alignment: Alignment, k: int, n: int, reasons: list[str], note: tuple[str, tuple[str, ...]],
             focused: bool, footnotes: Sequence[str] = ()) -> None:
    bead = alignment.beads[n]
    kind = view.kind_name(bead, view.original_side(alignment))
    marks = badge(n, bead, kind, focused, bool(note[0] or note[1]))
    with st.container(border=focused, key=f"bead-{identity(bead)}"):
        if bead.words is not None:  # the number and both sides in one block (the fewer elements, the faster
            # a page is drawn), so that a word can light up its counterparts
            body, tools = st.columns([sum(BEAD_COLUMNS[:3]), BEAD_COLUMNS[3]])
            markup = renderings.bead_html(alignment, n, scripted=True)  # every token escaped by renderings
            if focused and st.session_state.get("looked-up"):  # the word looked up in Renderings, marked
                side, word = st.session_state["looked-up"]
                markup += renderings.highlight_css(n, side, renderings.occurrences(alignment, n, side, word))
            body.html(f'<div class="bead-row">{marks}{markup}</div>')
        else:
            meta, left, right, tools = st.columns(BEAD_COLUMNS)
            for column, side, ids in ((left, alignment.src, bead.src), (right, alignment.tgt, bead.tgt)):
                column.text("\n".join(side.sentences[i].text for i in ids) if ids else "—")
            meta.markdown(marks, unsafe_allow_html=True)
        if footnotes:  # the book's own notes, called from these sentences
            st.text("\n".join("† " + line for line in footnotes))
        if reasons:
            st.text("⚠ " + "; ".join(reasons))
        if note[0] or note[1]:
            st.text("✎ " + note[0] + (("  · tags: " + "; ".join(note[1])) if note[1] else ""))
        # one button a bead (no tooltip), its menus drawn under the bead in focus only: a menu on every
        # bead slows every page down (each of their buttons is an element the browser draws)
        tools.button("Edit", key=f"edit-{identity(bead)}", on_click=_open_edit, args=(n,))
        if focused:
            tools.button("Note", key=f"note-{identity(bead)}", on_click=_open_note, args=(n,))
        if focused and st.session_state.get("edit-open") == n:
            with st.container(border=True, horizontal=True, key=f"menu-{identity(bead)}"):
                edit_menu(path, alignment, n, k, focused=True)
        if focused and (note[0] or note[1] or st.session_state.get("note-open") == n):  # when asked for
            with st.expander("Note and tags", expanded=True):
                note_menu(path, bead, note, k)


def _open_edit(n: int) -> None:
    """The Edit menu of bead n, under it (a callback); chosen again, closed."""
    if st.session_state.get("edit-open") == n and st.session_state.get("focus") == n:
        st.session_state.pop("edit-open")
        return
    state.focus(n, clear_filters=False)
    st.session_state["edit-open"] = n


def _open_note(n: int) -> None:
    st.session_state["note-open"] = n
    state.focus(n, clear_filters=False)


def note_menu(path: str, bead: Bead, note: tuple[str, tuple[str, ...]], k: int, prefix: str = "") -> None:
    key = f"{prefix}{bead.src}-{bead.tgt}"
    st.text_area("Note", value=note[0], key=f"note-text-{key}", max_chars=edit.MAX_NOTE)
    st.text_input("Tags, separated by commas", value=", ".join(note[1]), key=f"note-tags-{key}",
                  placeholder="calque, omission by censorship")
    st.button("Save note", key=f"note-save-{key}", on_click=save_note, args=(path, k, bead.src, bead.tgt, key))


def save_note(path: str, k: int, src: tuple[int, ...], tgt: tuple[int, ...], key: str) -> None:
    """Save the note typed for the bead with these sentences (a callback)."""
    note, tags = st.session_state.get(f"note-text-{key}", ""), edit.parse_tags(st.session_state.get(f"note-tags-{key}", ""))
    try:
        edit.apply_edit(path, lambda a: edit.note_pair_bead(a, k, src, tgt, note, tags), state.session())
        state.say(True, "Note saved.")
    except AlignError as error:
        state.say(False, str(error))


def edit_menu(path: str, alignment: Alignment, n: int, k: int, prefix: str = "", focused: bool = True) -> None:
    """The corrections of bead n of the pair of the pivot and text k (keys start with `prefix`). A
    bead not in focus splits as evenly as it goes (a choice of points on every row slows the page)."""
    bead = alignment.beads[n]
    key = f"{prefix}{bead.src}-{bead.tgt}"
    names = {"src": view.language_name(alignment.src.lang), "tgt": view.language_name(alignment.tgt.lang)}
    verified = "verified" in bead.flags
    st.button("Unmark verified" if verified else "Mark verified ✓", key=f"verify-{key}", on_click=apply,
              args=(path, bead.src, bead.tgt, "verify", not verified), kwargs={"k": k})
    st.button("Merge with next bead", key=f"merge-{key}", disabled=n + 1 >= len(alignment.beads),
              on_click=apply, args=(path, bead.src, bead.tgt, "merge"), kwargs={"k": k})
    points = edit.split_points(bead)
    if points and focused:
        st.selectbox(
            "Split after", points, key=f"split-{key}",
            format_func=lambda p: f"{p[0]} {names['src']} and {p[1]} {names['tgt']} sentences",
        )
        st.button("Split", key=f"split-go-{key}", on_click=lambda: apply(path, bead.src, bead.tgt, "split",
                                                                          *st.session_state[f"split-{key}"], k=k))
    elif points:
        at = points[0]
        st.button(f"Split after {at[0]} {names['src']} and {at[1]} {names['tgt']} sentences", key=f"split-go-{key}",
                  on_click=apply, args=(path, bead.src, bead.tgt, "split", *at), kwargs={"k": k},
                  help="the most even split; choose another on the bead in focus")
    for side in ("src", "tgt"):
        if not getattr(bead, side):
            continue
        if n > 0:
            st.button(f"↑ first {names[side]} sentence to the previous bead", key=f"up-{side}-{key}",
                      on_click=apply, args=(path, bead.src, bead.tgt, "move", side, "previous"), kwargs={"k": k})
        if n + 1 < len(alignment.beads):
            st.button(f"↓ last {names[side]} sentence to the next bead", key=f"down-{side}-{key}",
                      on_click=apply, args=(path, bead.src, bead.tgt, "move", side, "next"), kwargs={"k": k})


def apply(path: str, src: tuple[int, ...], tgt: tuple[int, ...], action: str, *args, k: int = 1) -> None:
    """Apply an edit ("verify", "merge", "split", "move") to the bead of the pivot and text k with
    these sentences, in the file as it is now on disk (a callback); see align.edit.correct."""
    def rescorer(alignment: Alignment):
        return data.embedder(search.model_to_load(alignment.model))

    try:  # with three texts or more, the pair on screen is edited and merged back
        after, rescored = edit.correct(path, k, src, tgt, action, *args, embedder=rescorer, session=state.session())
        st.session_state.focus = after
        if "edit-open" in st.session_state:  # the menu stays open on the bead the edit left
            st.session_state["edit-open"] = after
        state.say(True, "Saved." if rescored else "Saved; the changed beads keep their old confidence (model not available).")
    except edit.StaleBead as error:  # the focus follows the sentences chosen, not the bead's old number
        st.session_state.focus = error.now
        st.session_state.pop("edit-open", None)
        state.say(False, str(error))
    except AlignError as error:
        state.say(False, str(error))
