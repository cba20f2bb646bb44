"""Searching: the beads shown or the whole library, by words in any form, a regular expression or a
meaning; each hit with every text of its row, what matched marked, a page of hits at a time."""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from align import search
from align.records import AlignError, Alignment
from align.view import language_name

from . import data, state
from .style import plain

HITS_PER_PAGE = 20
SHOWN_CHARS = 400  # of a long text, this much around what matched


def query_box(label: str, prefix: str, placeholder: str) -> tuple[str, str]:
    """A search box and its mode (words, regex or meaning), keyed `{prefix}query`, `{prefix}mode`."""
    query_col, mode_col = st.columns([3, 2])
    query = query_col.text_input(label, key=f"{prefix}query", placeholder=placeholder)
    mode = mode_col.radio("Search by", ["words", "regex", "meaning"], horizontal=True, key=f"{prefix}mode")
    return query, mode


@st.fragment  # a search redraws its results only; a jump to a hit redraws the page
def search_beads(alignment: Alignment, stamp: data.Stamp, k: int) -> None:
    state.rerun_if_jumped()
    query, mode = query_box("Search", "", "words in either language (any form), a regex, or a meaning")
    if not query.strip():
        return
    offset = hits_offset("", query, mode)
    try:
        if mode == "meaning":
            found = data.meaning_index(stamp, k).find(alignment, query, offset, HITS_PER_PAGE)
        else:
            found = search.find_text(alignment, query, regex=mode == "regex", offset=offset, limit=HITS_PER_PAGE)
    except AlignError as error:
        st.error(plain(str(error)))
        return
    show_hits(found, "", lambda hit: (f"go-{hit.bead}", f"Bead {hit.bead}", jump_to, (hit.bead,)))


def jump_to(n: int) -> None:
    """A hit chosen in the search fragment: focus its bead and redraw the whole page."""
    state.focus(n, redraw=True)


def hits_offset(prefix: str, query: str, mode: str) -> int:
    """Where the page of hits chosen starts; a new query starts at its first page."""
    key = f"{prefix}hits-page"
    if st.session_state.get(f"{prefix}hits-for") != (query, mode):
        st.session_state[f"{prefix}hits-for"] = (query, mode)
        st.session_state[key] = 1
    return (int(st.session_state.get(key) or 1) - 1) * HITS_PER_PAGE


Button = tuple[str, str, Callable, tuple]  # key, label, callback, its arguments


def show_hits(found: search.Results, prefix: str, button: Callable[[search.Hit], Button]) -> None:
    """What a search found: a count, the page of hits, a pager; or why there is nothing."""
    if not found.total:
        st.info(plain(found.why[:1].upper() + found.why[1:] + "."))
        return
    first = (int(st.session_state.get(f"{prefix}hits-page") or 1) - 1) * HITS_PER_PAGE
    order = "best first" if found.hits and found.hits[0].score is not None else "in order"
    st.caption(f"{found.total} beads found, {order}" + (
        f"; {first + 1}–{first + len(found.hits)} listed" if found.total > len(found.hits) else "")
        + (plain(f" ({found.why})") if found.why else ""))  # what was not searched
    for hit in found.hits:
        key, label, callback, args = button(hit)
        go, texts = st.columns([1, 6])
        go.button(label, key=key, on_click=callback, args=args)
        where = [hit.work] if hit.work else []
        if hit.score is not None:
            where.append(f"similarity {hit.score:.2f}")
        if where:
            go.caption(plain(" · ".join(where)))
        texts.html(hit_html(hit))
    pages = -(-found.total // HITS_PER_PAGE)
    if pages > 1:
        st.number_input(f"Page of hits (of {pages})", min_value=1, max_value=pages, step=1, key=f"{prefix}hits-page")


def hit_html(hit: search.Hit) -> str:
    """Every text of a hit's row side by side, escaped, what matched in <mark class="hit">."""
    cells = []
    for k, text in enumerate(hit.texts):
        spans = hit.spans[k] if k < len(hit.spans) else ()
        lang = hit.langs[k] if k < len(hit.langs) else ""
        head = f'<div class="hit-lang">{html.escape(language_name(lang))}</div>' if lang else ""
        body = marked(text, spans) if text else '<span class="hit-none">(no counterpart)</span>'
        cells.append(f'<div class="hit-text">{head}{body}</div>')
    return f'<div class="hits">{"".join(cells)}</div>'


def marked(text: str, spans: tuple[search.Span, ...], width: int = SHOWN_CHARS) -> str:
    """`text` escaped with each span marked, cut to about `width` characters around the first span."""
    start = 0
    if len(text) > width:
        start = max(0, min(spans[0][0] - width // 4, len(text) - width)) if spans else 0
    stop = min(len(text), start + width)
    pieces, at = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, stop)
        if a >= b:
            continue
        pieces += [html.escape(text[at:a]), f'<mark class="hit">{html.escape(text[a:b])}</mark>']
        at = b
    pieces.append(html.escape(text[at:stop]))
    return ("…" if start else "") + "".join(pieces) + ("…" if stop < len(text) else "")
