"""Tests of the segmentation stage (align.segment)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from align.evaluate import boundary_f1
from align.records import AlignError
from align.segment import (
    MAX_SENTENCE,
    detect_language,
    presplit_sentences,
    split_paragraphs,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[1]
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def texts(sentences):
    return [s.text for s in sentences]


# --- language -----------------------------------------------------------------------------


def test_detect_language():
    assert detect_language("Мой дядя самых честных правил, when not in jest") == "ru"
    assert detect_language("It was the best of times, это было") == "en"
    assert detect_language("Der Hund bellt.") == "en"  # Latin script defaults to English


@pytest.mark.parametrize("text", ["", "  12 345 ... !", "\n\n"])
def test_detect_language_without_letters(text):
    with pytest.raises(AlignError) as error:
        detect_language(text)
    assert "\n" not in str(error.value)


# --- paragraphs ---------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs():
    text = "First paragraph.\nStill first.\n\n\nSecond one.\n   \nThird."
    assert split_paragraphs(text) == ["First paragraph. Still first.", "Second one.", "Third."]


def test_indented_first_lines_start_paragraphs():
    text = (
        "     Когда  мне  было  шесть  лет,  в  книге  под  названием  \"Правдивые\n"
        "истории\", я увидел однажды удивительную  картинку.  На картинке огромная\n"
        "змея глотала хищного зверя.\n"
        "     В  книге  говорилось:   \"Удав  заглатывает  свою жертву целиком, не\n"
        "жуя.\"\n"
        "     Я  много  раздумывал.\n"
    )
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Когда мне было шесть лет, в книге под названием \"Правдивые истории\"")
    assert paragraphs[1] == "В книге говорилось: \"Удав заглатывает свою жертву целиком, не жуя.\""


WRAPPED = (
    "Once when I was six years old I saw a magnificent picture in a book, called True\n"
    "Stories from Nature, about the primeval forest. It was a picture of a boa\n"
    "constrictor in the act of swallowing an animal.\n"
    "In the book it said that boa constrictors swallow their prey whole, without any\n"
    "chewing at all. After that they are not able to move, and they sleep through the\n"
    "six months that they need for digestion.\n"
    "I pondered deeply, then, over the adventures of the jungle. And after some work\n"
    "with a colored pencil I succeeded in making my first drawing, which is number\n"
    "one. It looked like this:\n"
    "— What a hat, said the grown-ups.\n"
    "I showed my masterpiece to the grown-ups, and asked them whether the drawing\n"
    "frightened them at all.\n"
)


def test_hard_wrapped_lines_without_blank_lines():
    paragraphs = split_paragraphs(WRAPPED)
    assert [p[:20] for p in paragraphs] == [
        "Once when I was six ",
        "In the book it said ",
        "I pondered deeply, t",
        "— What a hat, said t",
        "I showed my masterpi",
    ]
    assert "boa constrictor in the act" in paragraphs[0]


def test_dialogue_dash_lines_start_paragraphs():
    lines = ["He sat there and waited for the answer that never came to him at all."] * 6
    text = "\n".join(lines + ["— Hello.", "- Who is there?", "And so on, for a long long while, until the night fell."])
    paragraphs = split_paragraphs(text)
    assert paragraphs[-3:] == ["— Hello.", "- Who is there?", "And so on, for a long long while, until the night fell."]


def test_page_break_is_joined():
    text = "They needed all sorts of technicians\n\n\nand specialists. Then it ended.\n\nNext page."
    assert split_paragraphs(text) == ["They needed all sorts of technicians and specialists. Then it ended.", "Next page."]
    assert split_paragraphs("the evil-will of\f\fseparate individuals.") == ["the evil-will of separate individuals."]


def test_page_break_not_joined_after_a_full_stop_or_before_a_capital():
    assert split_paragraphs("It ended.\n\nand then more.") == ["It ended.", "and then more."]
    assert split_paragraphs("A heading\n\nThe text.") == ["A heading", "The text."]


def test_wrap_hyphens_are_rejoined_and_compounds_kept():
    text = "some-\nthing about grown-\nups, as grown-ups say, and Anglo-\nSaxon years 1914-\n1918 - six -\nseven."
    assert split_paragraphs(text) == [
        "something about grown-ups, as grown-ups say, and Anglo-Saxon years 1914-1918 - six - seven."
    ]


def test_whitespace_and_odd_characters_are_normalised():
    text = "\ufeffA\u00a0line\twith  tabs\r\nand CR\rand grown−ups.\r\n\r\nNext."
    assert split_paragraphs(text) == ["A line with tabs and CR and grown−ups.", "Next."]


def test_seed_text_page_breaks_and_emphasis():
    text = (REPO / "texts" / "sorin-1918" / "en.txt").read_text(encoding="utf-8")
    paragraphs = split_paragraphs(text)
    assert any("all sorts of technicians and specialists, have" in p for p in paragraphs)
    assert any("upon the evil-will of separate individuals, or" in p for p in paragraphs)
    sentences = split_sentences(text, "en")
    bold = [s for s in sentences if s.text.startswith("This summary, however, lacks one factor")]
    assert len(bold) == 1 and bold[0].emphasis
    assert "**" not in bold[0].text and "Revolution: This is the conservatism" in bold[0].text
    assert not sentences[0].emphasis
    assert all("**" not in s.text for s in sentences)


# --- sentences ----------------------------------------------------------------------------


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("  \n\n ") == []


def test_index_and_paragraph_numbers():
    sentences = split_sentences("One. Two.\n\nThree! Four?\n\nFive.", "en")
    assert texts(sentences) == ["One.", "Two.", "Three!", "Four?", "Five."]
    assert [s.index for s in sentences] == [0, 1, 2, 3, 4]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2]


def test_language_is_detected_when_not_given():
    assert texts(split_sentences("Это т. е. пример. Второе.")) == ["Это т. е. пример.", "Второе."]


def test_emphasis_is_stripped_and_flagged():
    sentences = split_sentences("Plain start. **Bold one. Bold two.** Plain end. A __strong__ word. Snake_case__x stays.", "en")
    assert texts(sentences) == [
        "Plain start.", "Bold one.", "Bold two.", "Plain end.", "A strong word.", "Snake_case__x stays.",
    ]
    assert [s.emphasis for s in sentences] == [False, True, True, False, True, False]


def test_presplit_strips_emphasis():
    sentences = presplit_sentences("**Bold** line.\n\nPlain. Two sentences on a line.\n")
    assert texts(sentences) == ["Bold line.", "Plain. Two sentences on a line."]
    assert [s.emphasis for s in sentences] == [True, False]
    assert [s.index for s in sentences] == [0, 1]
    assert [s.paragraph for s in sentences] == [0, 0]


def test_footnote_markers_are_kept_and_listed():
    sentences = split_sentences(
        "Berlioz, [2] editor of a journal called Massolit [3] for short. He was Homeless. [4] "
        "A note^5 here. A star* there. Super¹² script.",
        "en",
    )
    assert texts(sentences) == [
        "Berlioz, [2] editor of a journal called Massolit [3] for short.",
        "He was Homeless. [4]",
        "A note^5 here.",
        "A star* there.",
        "Super¹² script.",
    ]
    assert [s.footnotes for s in sentences] == [("2", "3"), ("4",), ("5",), ("*",), ("12",)]


def test_dialogue_dashes_stay_in_the_text():
    text = "     — Привет! — сказал он. — Как дела?\n     — Хорошо.\n     -- Ну и ладно, -- ответил он."
    sentences = split_sentences(text, "ru")
    assert texts(sentences) == ["— Привет! — сказал он.", "— Как дела?", "— Хорошо.", "-- Ну и ладно, -- ответил он."]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 2]


def test_russian_abbreviations_and_initials():
    text = "Это был, т. е. казался, поэт А. С. Пушкин. Он родился в 1799 г. в Москве и т. д. Потом уехал."
    assert texts(split_sentences(text, "ru")) == [
        "Это был, т. е. казался, поэт А. С. Пушкин.",
        "Он родился в 1799 г. в Москве и т. д.",
        "Потом уехал.",
    ]


def test_english_abbreviations():
    text = "Mr. Smith met Dr. Watson, i. e. the doctor, e.g. on Baker St. in London. They talked. 'No. Not now.'"
    assert texts(split_sentences(text, "en")) == [
        "Mr. Smith met Dr. Watson, i. e. the doctor, e.g. on Baker St. in London.",
        "They talked.",
        "'No.",
        "Not now.'",
    ]


def test_english_quotes_and_speech_attribution():
    text = "'Is there beer?' Homeless inquired. 'No!' And she left. 'Out of the blue,' said he. 'and then gone.'"
    assert texts(split_sentences(text, "en")) == [
        "'Is there beer?' Homeless inquired.",
        "'No!'",
        "And she left.",
        "'Out of the blue,' said he. 'and then gone.'",
    ]


def test_chapter_heading_stays_whole():
    assert texts(split_sentences("CHAPTER 1. Never Talk with Strangers\n\nText.", "en")) == [
        "CHAPTER 1. Never Talk with Strangers",
        "Text.",
    ]


def test_huge_line_without_punctuation_is_fast_and_cut():
    text = "word " * 400_000  # 2 MB, one line, no sentence punctuation
    start = time.perf_counter()
    sentences = split_sentences(text)
    assert time.perf_counter() - start < 10
    assert len(sentences) > 900
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert "".join(s.text.replace(" ", "") for s in sentences) == "word" * 400_000


def test_huge_word_is_cut_too():
    sentences = split_sentences("x" * 2_000_000, "en")
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert sum(len(s.text) for s in sentences) == 2_000_000


# --- evaluation against the gold corpora ----------------------------------------------------


def test_boundary_f1():
    assert boundary_f1(["A b.", "C d."], ["A b.", "C d."]) == (1.0, 1.0, 1.0)
    precision, recall, f1 = boundary_f1(["A.", "b.", "C d."], ["A. b.", "C d."])
    assert (precision, recall) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        boundary_f1(["A."], ["B."])


@pytest.mark.parametrize("pair", ["prince-en-ru", "mm-en-ru", "geranium-en-ru"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_boundary_f1_on_gold_corpora(pair, lang):
    folder = CORPORA / pair
    if not folder.is_dir():
        pytest.skip(f"no gold corpus at {folder}")
    raw = (folder / f"raw_{lang}.txt").read_text(encoding="utf-8")
    gold = (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    precision, recall, f1 = boundary_f1(texts(split_sentences(raw, lang)), gold)
    assert f1 >= 0.95, f"{pair}/raw_{lang}: P={precision:.3f} R={recall:.3f} F1={f1:.3f}"
