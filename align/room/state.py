"""This tab's session: its identity, the bead in focus, the notice after an action."""

from __future__ import annotations

import uuid

import streamlit as st

from .style import plain

PAGE_SIZE = 50
MAX_RESULTS = 20
FILTER_KEYS = ("f-low", "f-multi", "f-omission", "f-addition", "f-suspicious", "f-partial")


def session() -> str:
    """This browser tab's identity, recorded with each change it saves."""
    return st.session_state.setdefault("session_id", uuid.uuid4().hex)


def reset_view() -> None:
    st.session_state.page = 1
    st.session_state.pop("focus", None)


def focus(n: int) -> None:
    """Show bead n in context: filters off, its page, highlighted (a callback)."""
    for key in FILTER_KEYS:
        st.session_state[key] = False
    st.session_state.focus = n
    st.session_state.scroll_to_focus = True
    st.session_state.page = n // PAGE_SIZE + 1
    st.session_state.jump = True  # with N texts the page is found among the rows shown


def say(ok: bool, message: str) -> None:
    """A notice shown once, at the top of the next run."""
    st.session_state.notice = ("ok" if ok else "error", message)


def show_notice() -> None:
    notice = st.session_state.pop("notice", None)
    if notice:
        (st.success if notice[0] == "ok" else st.error)(plain(notice[1]))
