"""Search by words, regular expression and meaning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

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


def beads(results: search.Results) -> list[int]:
    return [hit.bead for hit in results.hits]


def test_words_in_either_language_any_case(small):
    assert beads(search.find_text(small, "bantry")) == [0]
    assert beads(search.find_text(small, "БАНТРИ")) == [0]
    assert beads(search.find_text(small, "there nobody")) == [1]  # every word, any order
    assert beads(search.find_text(small, "there корабль")) == []  # words of one side, not spread over both
    assert beads(search.find_text(small, "30")) == [2]
    assert beads(search.find_text(small, "   ")) == []


def test_a_query_typed_with_a_combining_accent_finds_the_letter():
    alignment = make_alignment(["The café served crêpes."], ["Кафе подавало блины."], [((0,), (0,))])
    assert beads(search.find_text(alignment, "cafe\u0301")) == [0]  # as macOS input or a PDF's copy gives it
    assert beads(search.find_text(alignment, "cre\u0302pes", regex=True)) == [0]


def test_words_are_literal_not_patterns(small):
    assert beads(search.find_text(small, "Bantry.")) == [0]
    assert beads(search.find_text(small, "B.ntry")) == []


def test_regex(small):
    assert beads(search.find_text(small, r"\d+ (per cent|процент)", regex=True)) == [2]
    assert beads(search.find_text(small, r"^там", regex=True)) == [1]


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
    return search.MeaningIndex.of_alignment(sorin, search.embedder_for(sorin.model))


def bead_of(alignment, phrase):
    return next(n for n, b in enumerate(alignment.beads)
                if phrase in bead_text(alignment.src, b.src) + bead_text(alignment.tgt, b.tgt))


def test_meaning_search_in_english_and_russian(sorin, index):
    target = bead_of(sorin, "Such is the composition of that new social group")
    assert index.search("the makeup of this new social group")[0][0][0] == target
    assert index.search("состав новой социальной группы")[0][0][0] == target


def test_meaning_search_returns_distinct_beads_best_first_above_the_noise(index):
    results, why = index.search("the Communist Party", 5)
    assert 1 < len(results) <= 5 and why == ""
    beads = [n for n, _ in results]
    assert len(set(beads)) == len(beads)
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert all(index.sets[0].threshold < s <= 1.0001 for s in scores)
    assert index.search("  ") == ([], "a search by meaning needs words")
    assert index.search("!!! 42") == ([], "a search by meaning needs words")


@pytest.mark.parametrize("query", ["asdfghjkl qwerty", "qwertyuiop zxcvbnm", "йцукен фывапролдж"])
def test_gibberish_finds_nothing_and_says_why(index, query):
    results, why = index.search(query)
    assert results == []
    assert why.startswith("nothing close enough in meaning: the closest bead scores 0.")
    assert why.endswith("what queries of random letters reach there")


def test_the_noise_level_is_measured_on_the_index_itself(sorin):
    embedder = search.embedder_for(sorin.model)
    whole = search.MeaningIndex.of_alignment(sorin, embedder).sets[0].threshold
    one_bead = replace(sorin, beads=sorin.beads[:1])
    assert search.MeaningIndex.of_alignment(one_bead, embedder).sets[0].threshold < whole  # fewer beads, less to hit
    assert 0 < whole < 1


@pytest.mark.parametrize("pattern", [r"(a|aa)+$", r"(.*.*)*#"])
def test_a_catastrophic_regex_never_freezes_the_search(pattern):
    long = make_alignment(["a" * 40 + "!"] * 3, ["б" * 40] * 3, [((i,), (i,)) for i in range(3)])
    start = time.monotonic()
    try:
        assert beads(search.find_text(long, pattern, regex=True, timeout_s=0.5)) == []
    except AlignError as error:  # stopped by the time limit
        assert "longer than" in str(error)
    assert time.monotonic() - start < 5


def test_a_word_finds_its_other_forms(small):
    lambs = make_alignment(["Draw me a sheep!", "The sheep ate."], ["Нарисуй мне барашка!", "Барашек съел, а с барашком играли."],
                           [((0,), (0,)), ((1,), (1,))])
    found = search.find_text(lambs, "барашка")
    assert beads(found) == [0, 1] and found.total == 2
    second = found.hits[1]
    assert second.texts == ("The sheep ate.", "Барашек съел, а с барашком играли.")  # both sides
    assert [second.texts[1][a:b] for a, b in second.spans[1]] == ["Барашек", "барашком"]
    assert second.spans[0] == ()
    assert beads(search.find_text(small, "reaching")) == [0]  # English forms too (reached)
    assert beads(search.find_text(small, "prices rising")) == []  # a stem, not a dictionary: rose is not rising


def test_pages_of_hits(small):
    every = search.find_text(small, r"\w", regex=True)
    assert every.total == 3
    assert [h.bead for h in search.find_text(small, r"\w", regex=True, offset=1, limit=1).hits] == [1]
    assert search.find_text(small, "nothing-like-it").why == "no text holds this word in any form"


@pytest.mark.parametrize("pattern", ["(?:a{3000}){3000}", "((a{100}){100}){100}", "x{1000}y{1000}" * 6,
                                     "a" * 1001], ids=["nested", "three-deep", "many", "long"])
def test_a_regex_too_large_is_refused_before_compiling(small, pattern):
    with pytest.raises(AlignError, match="is too large|characters long"):
        search.find_text(small, pattern, regex=True)


def test_compiling_a_huge_repeat_never_grows_the_process():
    """The `regex` module builds (?:a{3000}){3000} in memory while compiling (2.5 GB, before any
    time limit applies): under a 1.5 GB address-space limit the search must answer, not die."""
    code = (
        "import resource, sys\n"
        "from conftest import make_alignment\n"
        "from align import search\n"
        "from align.records import AlignError\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "one = make_alignment(['a'], ['b'], [((0,), (0,))])\n"
        "try:\n"
        "    search.find_text(one, '(?:a{3000}){3000}', regex=True)\n"
        "except AlignError as error:\n"
        "    print(error)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=root / "tests", env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("the expression is too large")


def test_expanded_size_counts_nested_repeats():
    assert search._expanded_size("(?:a{100}){101}") > search.MAX_PATTERN_SIZE
    assert search._expanded_size(r"\d{4}-\d{2}-\d{2}") == 10
    assert search._expanded_size(r"[{]{3}\{5}") == 6  # braces in a class or escaped are characters: {5} is three
    assert search._expanded_size(r"\p{L}{3}") == 3
    assert search._expanded_size("a{}b{,}") == 7  # no count: the braces are characters


class _Probes:
    """Stands in for a model: every probe query lands next to vector 0."""

    def __init__(self, hub: np.ndarray) -> None:
        self.hub = hub

    def encode(self, texts):
        return np.repeat(self.hub[None, :], len(texts), axis=0)


def test_a_text_that_draws_every_query_near_does_not_raise_the_bar_for_the_others():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    found = search.VectorSet.build("m", vectors, list(range(3000)), _Probes(vectors[0]))
    assert found.levels[0] > 0.99  # the hub: a random query comes as close to it as that
    assert found.threshold < 0.6  # every other text: what random queries reach to nearly all of them
    query = vectors[5] + 0.8 * vectors[0]  # close to text 5, closer still to the hub
    query /= np.linalg.norm(query)
    index = search.MeaningIndex([found], lambda model: _Probes(query))
    ranked, why = index.search("a query")
    assert ranked[0][0] == 5 and 0 not in dict(ranked) and why == ""


def test_library_search_reads_a_folder_named_like_a_pattern_once(tmp_path):
    """DuckDB reads a path holding `*` as a file pattern: a work in a folder `n*` beside another
    work `nx` was counted twice, and a folder holding only a Parquet file broke the search."""
    pytest.importorskip("duckdb")
    from align import library, store
    from align.records import Alignment, Bead, Sentence, Side

    for name in ("n*", "nx"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "en.txt").write_text("The cat sleeps.\n", encoding="utf-8")
        (folder / "fr.txt").write_text("Le chat dort.\n", encoding="utf-8")
        (folder / "meta.json").write_text(json.dumps({"texts": [
            {"file": "en.txt", "lang": "en", "role": "original"},
            {"file": "fr.txt", "lang": "fr", "role": "translation"}]}), encoding="utf-8")
        src = Side((Sentence(0, "The cat sleeps."),), "en", str(folder / "en.txt"))
        tgt = Side((Sentence(0, "Le chat dort."),), "fr", str(folder / "fr.txt"))
        store.write_parquet(Alignment(src, tgt, (Bead((0,), (0,), 0.9),), "m"), folder / "en.fr.parquet")
    (tmp_path / "nz").mkdir()
    (tmp_path / "nz" / "en.fr.parquet").write_bytes((tmp_path / "nx" / "en.fr.parquet").read_bytes())
    found = library.search_text(tmp_path, "cat")
    assert found.total == 2
    assert sorted(hit.work for hit in found.hits) == ["n*", "nx"]
