"""Search by words, regular expression and meaning."""

from __future__ import annotations

import time

import pytest
from conftest import make_alignment

from align import search
from align.embed import DEFAULT_MODEL
from align.records import AlignError
from align.store import bead_text


@pytest.fixture
def small():
    return make_alignment(
        ["The ship reached Bantry.", "Nobody was there.", "Prices rose by 30 per cent."],
        ["Корабль пришел в Бантри.", "Там никого не было.", "Цены выросли на 30 процентов."],
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
    )


def test_words_in_either_language_any_case(small):
    assert search.find_text(small, "bantry") == [0]
    assert search.find_text(small, "БАНТРИ") == [0]
    assert search.find_text(small, "there nobody") == [1]  # every word, any order
    assert search.find_text(small, "there корабль") == []  # words of one side, not spread over both
    assert search.find_text(small, "30") == [2]
    assert search.find_text(small, "   ") == []


def test_words_are_literal_not_patterns(small):
    assert search.find_text(small, "Bantry.") == [0]
    assert search.find_text(small, "B.ntry") == []


def test_regex(small):
    assert search.find_text(small, r"\d+ (per cent|процент)", regex=True) == [2]
    assert search.find_text(small, r"^там", regex=True) == [1]


def test_a_bad_regex_is_a_clear_error(small):
    with pytest.raises(AlignError, match="not a valid regular expression"):
        search.find_text(small, "(unclosed", regex=True)


def test_the_versioned_default_model_name_loads_the_default(monkeypatch):
    asked = []
    monkeypatch.setattr(search, "load_embedder", lambda model=None: asked.append(model))
    search.embedder_for(f"{DEFAULT_MODEL}@0.2.1")
    search.embedder_for("sentence-transformers/LaBSE")
    assert asked == [None, "sentence-transformers/LaBSE"]


def test_a_local_model_folder_is_found_from_its_stored_identity(monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(search, "load_embedder", lambda model=None: asked.append(model))
    search.embedder_for(f"{tmp_path}#12345")
    assert asked == [str(tmp_path)]


@pytest.fixture(scope="module")
def index(sorin):
    return search.MeaningIndex(sorin, search.embedder_for(sorin.model))


def bead_of(alignment, phrase):
    return next(n for n, b in enumerate(alignment.beads)
                if phrase in bead_text(alignment.src, b.src) + bead_text(alignment.tgt, b.tgt))


def test_meaning_search_in_english_and_russian(sorin, index):
    target = bead_of(sorin, "Such is the composition of that new social group")
    assert index.search("the makeup of this new social group", 3)[0][0] == target
    assert index.search("состав новой социальной группы", 3)[0][0] == target


def test_meaning_search_returns_distinct_beads_best_first(index):
    results = index.search("the Soviet employees and their material position", 5)
    assert len(results) == 5
    beads = [n for n, _ in results]
    assert len(set(beads)) == 5
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0001 for s in scores)
    assert index.search("  ") == []


@pytest.mark.parametrize("pattern", [r"(a|aa)+$", r"(.*.*)*#"])
def test_a_catastrophic_regex_never_freezes_the_search(pattern):
    long = make_alignment(["a" * 40 + "!"] * 3, ["б" * 40] * 3, [((i,), (i,)) for i in range(3)])
    start = time.monotonic()
    try:
        assert search.find_text(long, pattern, regex=True, timeout_s=0.5) == []
    except AlignError as error:  # stopped by the time limit
        assert "longer than" in str(error)
    assert time.monotonic() - start < 5
