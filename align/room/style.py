"""The page's CSS and the trusted HTML snippets: numbers and fixed words only, never text from a file."""

from __future__ import annotations

import re

from align.records import Bead

CSS = """<style>
[data-testid="stText"], [data-testid="stText"] span {font-family: Georgia, "DejaVu Serif", serif; font-size: 1.02rem; line-height: 1.45;
  white-space: pre-wrap; overflow-wrap: normal; word-break: normal;}
/* each paragraph in the direction of its own script: Arabic and Hebrew right to left, as dir="auto" */
[data-testid="stText"], table.compare td {unicode-bidi: plaintext; text-align: start;}
.wl, .wl-sent, table.compare td {overflow-wrap: normal; word-break: normal;}
/* the texts side by side: a column never narrower than its words; the row scrolls sideways instead */
[class*="st-key-row-"] [data-testid="stHorizontalBlock"], .st-key-rows-head [data-testid="stHorizontalBlock"] {
  overflow-x: auto; flex-wrap: nowrap;}
[class*="st-key-row-"] [data-testid="stColumn"], .st-key-rows-head [data-testid="stColumn"] {min-width: 9rem;}
[class*="st-key-row-"] [data-testid="stColumn"]:first-child, .st-key-rows-head [data-testid="stColumn"]:first-child {min-width: 3.2rem;}
.bead-meta {font-size: .85rem; color: #555; padding-left: .5rem; line-height: 1.35; white-space: nowrap;}
[class*="st-key-edit-"] button {padding-left: .4rem; padding-right: .4rem; min-width: 0; white-space: nowrap;}
[data-testid="stPopoverButton"] [aria-hidden="true"] {pointer-events: none;}  /* a click on the arrow opens the menu too */
.bead-meta b {font-size: 1rem; color: #222;}
.bead-row {display: grid; grid-template-columns: minmax(4.6rem, 9%) 1fr; gap: 1rem;}  /* number | both sides */
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
.wl .w.wl-lit {background: #ffd95e; border-radius: 3px;}  /* a word's counterparts (renderings.WORD_LINKS_SCRIPT) */
.hits {display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .4rem 1.2rem;
  font-family: Georgia, "DejaVu Serif", serif; font-size: .98rem; line-height: 1.4; overflow-wrap: break-word;}
.hit-text {white-space: pre-wrap;}
.hit-lang {font-family: sans-serif; font-size: .75rem; color: #666;}
.hit-none {color: #999; font-style: italic;}
mark.hit {background: #ffe08a; padding: 0 .1rem;}
</style>"""


def plain(text: str) -> str:
    """Text made literal for the Markdown of st.error and friends: every ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def badge(n: int, bead: Bead, kind: str, focused: bool, noted: bool = False) -> str:
    """A bead's number, kind, confidence and marks."""
    hue = int(120 * bead.score)
    marks = "".join(
        f"<br>{mark}" for mark, on in (("✓ verified", "verified" in bead.flags), ("✎ edited", "edited" in bead.flags),
                                       ("¶ note", noted), ("▶ here", focused)) if on
    )
    return (
        f'<div class="bead-meta" style="border-left:6px solid hsl({hue},65%,42%)">'
        f"<b>{n}</b><br>{kind}<br>{bead.score:.2f}{marks}</div>"
    )


def side_head(language: str, extra: str = "") -> str:
    """A column's heading: a language name (letters only, from align.view.language_name)."""
    return f'<div class="side-head">{language}{extra}</div>'


def scroll_script(css_class: str) -> str:
    """A script that scrolls the page to the element with this class once it is drawn (the class
    holds only letters, digits, "-" and "_": nothing from a file)."""
    return (
        "<script>(function go(tries) {"
        f"const el = document.querySelector('.{css_class}');"
        "if (el) el.scrollIntoView({block: 'center'}); else if (tries > 0) setTimeout(() => go(tries - 1), 100);"
        "})(50);</script>"
    )
