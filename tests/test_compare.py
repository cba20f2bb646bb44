"""Two texts compared word by word: what differs is marked, and text is always escaped."""

from __future__ import annotations

from align import compare, multi
from align.records import Alignment, Bead, Sentence, Side

SCRIPT = "<script>alert(1)</script> **bold**"


def test_only_the_differing_words_are_marked() -> None:
    a, b = compare.word_diff("The house was old. Nobody lived there.", "The house was very old and nobody lived there.")
    assert compare.to_html(a) == 'The house was old<mark class="diff">. Nobody </mark>lived there.'
    assert compare.to_html(b) == 'The house was <mark class="diff">very </mark>old <mark class="diff">and nobody </mark>lived there.'
    assert "".join(p for p, _ in a) == "The house was old. Nobody lived there."


def test_text_is_escaped_whether_changed_or_not() -> None:
    for other in (SCRIPT, "something else"):
        shown = compare.to_html(compare.word_diff(SCRIPT, other)[0])
        assert "<script" not in shown and "&lt;script&gt;" in shown


def test_compare_marks_words_only_within_one_language() -> None:
    def side(lines: list[str], lang: str) -> Side:
        return Side(tuple(Sentence(i, t) for i, t in enumerate(lines)), lang)

    de, one, two = side(["Das Haus."], "de"), side(["The house."], "en"), side(["The old house."], "en")
    merged = multi.merge([Alignment(de, one, (Bead((0,), (0,), 0.9),), "m"), Alignment(de, two, (Bead((0,), (0,), 0.8),), "m")])
    assert compare.compare(merged, 1, 2) == [
        {"left": "The house.", "right": 'The <mark class="diff">old </mark>house.', "score": 0.8, "same": False}]
    assert compare.compare(merged, 0, 1)[0]["right"] == "The house."
