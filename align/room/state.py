"""This tab's session: its identity, the bead in focus, the notice after an action."""

from __future__ import annotations

import re
import uuid

import streamlit as st

from .style import plain

PAGE_SIZE = 25  # beads or rows a page: each is many elements for the browser to draw (see benchmarks/room.py)
MAX_RESULTS = 20
FILTER_KEYS = ("f-low", "f-multi", "f-omission", "f-addition", "f-suspicious", "f-partial",
               "f-verified", "f-not-verified", "f-edited", "f-noted")


def session() -> str:
    """This browser tab's identity, recorded with each change it saves."""
    return st.session_state.setdefault("session_id", uuid.uuid4().hex)


def reset_view() -> None:
    st.session_state.page = 1
    st.session_state.pop("focus", None)
    st.session_state.pop("looked-up", None)


def focus(n: int | None, clear_filters: bool = True, redraw: bool = False) -> None:
    """Show bead n highlighted, on its page, scrolled to (a callback); in context (filters off)
    unless `clear_filters` is False (stepping through the beads the filters show). `redraw`: chosen in
    a fragment, which then redraws the whole page."""
    if n is None:
        return
    if redraw:
        st.session_state.redraw = True
    st.session_state.pop("looked-up", None)  # a word marked from Renderings is marked in that bead only
    st.session_state.pop("edit-open", None)  # an Edit menu is open under the bead it was opened on
    if clear_filters:
        for key in FILTER_KEYS:
            st.session_state[key] = False
        st.session_state["f-note-query"] = ""
    st.session_state.focus = n
    st.session_state.scroll_to_focus = True
    st.session_state.page = n // PAGE_SIZE + 1
    st.session_state.jump = True  # the page is found again among the beads or rows shown


def rerun_if_jumped() -> None:
    """In a fragment: a jump chosen there (a callback set it) redraws the whole page."""
    if st.session_state.pop("redraw", False):
        st.rerun()


def page_of(shown: list[int]) -> None:
    """After a jump: the page of `shown` that holds the bead in focus (before the pager is drawn)."""
    focused = st.session_state.get("focus")
    if st.session_state.get("jump") and focused in shown:
        st.session_state.page = shown.index(focused) // PAGE_SIZE + 1


# --- the URL: work, view, page and bead, so that a link opens the same place ------------------------


_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits only: "²" and "①" are digits to str.isdigit, not to int()


def from_url(works: list[str]) -> None:
    """Once per tab: the place the URL names, where it names one that exists."""
    if st.session_state.get("url-read"):
        return
    st.session_state["url-read"] = True
    params = st.query_params
    if params.get("work") in works:
        st.session_state.pair = params["work"]
    for key, name in (("view", "view"), ("page", "page")):
        value = params.get(name, "")
        if _NUMBER.fullmatch(value):
            st.session_state[key] = int(value) if key == "view" else max(1, int(value))
    bead = params.get("bead", "")
    if _NUMBER.fullmatch(bead):
        focus(int(bead), clear_filters=False)


def to_url(**place: object) -> None:
    """The URL says where this tab is (None: not said)."""
    wanted = {name: str(value) for name, value in place.items() if value is not None}
    for name in [n for n in st.query_params if n not in wanted]:
        del st.query_params[name]
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def say(ok: bool, message: str) -> None:
    """A notice shown once, at the top of the next run."""
    st.session_state.notice = ("ok" if ok else "error", message)


def show_notice() -> None:
    notice = st.session_state.pop("notice", None)
    if notice:
        (st.success if notice[0] == "ok" else st.error)(plain(notice[1]))
