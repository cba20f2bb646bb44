"""Every benchmark the README quotes still runs: each script imports and parses its options
(`--help`), and the second-pass counter runs whole on the bundled pair. A script that imports
a name its sibling no longer has fails here rather than when someone reruns a figure."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("[!_]*.py"))  # _name.py: a module the scripts share


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_benchmark_starts(script: Path) -> None:
    result = run(str(script), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:"), result.stdout


def test_second_pass_counter_runs_on_the_bundled_pair() -> None:
    folder = ROOT / "texts" / "sorin-1918"
    result = run("benchmarks/second_pass.py", str(folder / "en.txt"), str(folder / "ru.working.txt"),
                 "--src-lang", "en", "--tgt-lang", "ru")
    assert result.returncode == 0, result.stderr
    assert "first pass:" in result.stdout and "second pass:" in result.stdout, result.stdout


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpora" / "books" / "gogol-nos-ru-fr").is_dir(), reason="no books in ../shared")
def test_a_whole_book_agrees_with_its_hand_aligned_paragraphs() -> None:
    # Gogol's Nose and its French translation, never tuned on: every two-sided bead but a few keeps
    # to the lines aligned by hand (the French file's "<delimiter>" once left tags in 64 sentences)
    result = run("benchmarks/paragraphs.py")
    assert result.returncode == 0, result.stderr
    share = float(re.search(r"sentences, ([0-9.]+) of those", result.stdout).group(1))
    assert share >= 0.99, result.stdout


def _bertalign_module():
    spec = importlib.util.spec_from_file_location("bertalign_baseline", ROOT / "benchmarks" / "bertalign.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _concepts(texts: list[str]) -> np.ndarray:
    """A stand-in model: a text's vector is the normalised count of its words, each word one axis,
    so a joined run of sentences reads as exactly the sum of what its sentences say."""
    vectors = np.zeros((len(texts), 16), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.split():
            vectors[row, int(word[1:])] += 1
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_bertalign_baseline_joins_a_split_sentence_and_skips_an_extra_one() -> None:
    bertalign = _bertalign_module().bertalign
    src = ["c1", "c2 c3", "c4", "c5", "c6"]
    tgt = ["c1", "c2", "c3", "c4", "c9", "c5", "c6"]
    assert bertalign(src, tgt, _concepts) == [
        ((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((), (4,)), ((3,), (5,)), ((4,), (6,)),
    ]


def _second_pass_cell_by_cell(module, src, tgt, lo, hi) -> list:
    """The second pass's recurrence as the paper states it, one cell at a time (the benchmark
    vectorises it by row): each cell's best predecessor over the bead types, ties to the first."""
    n, m = src.vectors.shape[1], tgt.vectors.shape[1]
    ratio = src.lengths[0].sum() / tgt.lengths[0].sum()

    def beside(vec, size, end, count, singles):
        sims = [vec @ singles[end - size - 1]] if end - size > 0 else []
        sims += [vec @ singles[end]] if end < count else []
        return float(np.mean(sims)) if sims else 0.0

    cost, back = {(0, 0): 0.0}, {}
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            if i + j == 0:
                continue
            options = []
            for a, b in module.bead_types(module.MAX_ALIGN):
                if i - a < 0 or not lo[i - a] <= j - b <= hi[i - a]:
                    continue
                if a and b:
                    sv, tv = src.vectors[a - 1, i - 1], tgt.vectors[b - 1, j - 1]
                    gain = sv @ tv - (beside(sv, b, j, m, tgt.vectors[0]) + beside(tv, a, i, n, src.vectors[0])) / 2
                    short, long_ = sorted((src.lengths[a - 1, i - 1], tgt.lengths[b - 1, j - 1] * ratio))
                    gain *= np.log2(1 + short / long_)
                else:
                    gain = module.SKIP
                options.append((cost[i - a, j - b] + gain, (a, b)))
            cost[i, j], back[i, j] = max(options, key=lambda option: option[0])  # max: the first of equals
    beads, i, j = [], n, m
    while i or j:
        a, b = back[i, j]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def test_bertalign_baseline_second_pass_is_the_stated_recurrence() -> None:
    module = _bertalign_module()
    rng = np.random.default_rng(0)

    def runs(count: int):
        side = module.Runs.__new__(module.Runs)
        vectors = rng.normal(size=(module.MAX_ALIGN - 1, count, 8))
        side.vectors = vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)
        side.lengths = rng.integers(5, 100, size=(module.MAX_ALIGN - 1, count)).astype(float)
        return side

    for _ in range(20):
        n, m = rng.integers(3, 20, size=2)
        src, tgt = runs(n), runs(m)
        count = min(n, m) // 3
        anchors = list(zip(sorted(rng.choice(np.arange(1, n), count, replace=False)),
                           sorted(rng.choice(np.arange(1, m), count, replace=False))))
        lo, hi = module.second_band(anchors, n, m)
        assert module.second_pass(src, tgt, anchors) == _second_pass_cell_by_cell(module, src, tgt, lo, hi)


def test_bertalign_baseline_first_pass_is_the_stated_recurrence() -> None:
    """Anchors: the 1-1 beads of the best path over 1-1, 1-0, 0-1 beads in which only a 1-1 bead
    onto one of the source's top-k targets gains (its similarity), ties to 0-1, then 1-0."""
    module = _bertalign_module()
    rng = np.random.default_rng(1)
    for _ in range(20):
        n, m = rng.integers(3, 30, size=2)
        sides = []
        for count in (n, m):
            side = module.Runs.__new__(module.Runs)
            vectors = rng.normal(size=(1, count, 8)).astype(np.float32)
            side.vectors = vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)
            sides.append(side)
        sims = sides[0].vectors[0] @ sides[1].vectors[0].T
        top = np.argsort(-sims, axis=1)[:, : module.TOP_K]
        cost, back = {(0, 0): 0.0}, {}
        for i in range(n + 1):
            for j in range(m + 1):  # the band (250 sentences at least) holds these short texts whole
                if i + j == 0:
                    continue
                options = [(cost[i, j - 1], (0, 1))] if j else []
                options += [(cost[i - 1, j], (1, 0))] if i else []
                if i and j:
                    options.append((cost[i - 1, j - 1] + (sims[i - 1, j - 1] if j - 1 in top[i - 1] else 0.0), (1, 1)))
                cost[i, j], back[i, j] = max(options, key=lambda option: option[0])
        anchors, i, j = [], n, m
        while i or j:
            a, b = back[i, j]
            if (a, b) == (1, 1):
                anchors.append((i, j))
            i, j = i - a, j - b
        assert module.first_pass(*sides) == anchors[::-1]


def test_param_overrides_only_the_named_weights() -> None:
    spec = importlib.util.spec_from_file_location("_tuning", ROOT / "benchmarks" / "_tuning.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    params = module.params_of(["skip_gain=-3.0", "long_side=4"])
    assert (params.skip_gain, params.long_side) == (-3.0, 4)
    assert params.merge_gain == module.aligner.Params().merge_gain
    with pytest.raises(SystemExit, match="no field 'skip'"):
        module.params_of(["skip=1"])


def test_bertalign_baseline_reads_sentences_as_bertalign_cleans_them() -> None:
    # Text+Berg's lines end in a space: Bertalign strips each line and makes runs of white space one
    seen: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return _concepts(texts)

    _bertalign_module().bertalign(["c1 ", "c2  c3 ", "c4"], ["c1 ", "c2", "c3", "c4 "], embed)
    assert "c1 c2 c3" in seen and "c2 c3 c4" in seen
    assert all(text == " ".join(text.split()) for text in seen)


def test_missed_gold_beads_are_classed_by_what_align_did_instead() -> None:
    classes = _bertalign_module().missed_classes
    gold = [((0,), (0,)), ((1,), ()), ((2, 3), (1,)), ((4,), (2,)), ((5,), (3,))]
    ours = [((0, 1), (0,)), ((2,), (1,)), ((3,), ()), ((4, 5), (2, 3))]
    src = ["A sentence long enough to be no short line at all."] * 6
    tgt = ["« Une réplique ? »"] * 4
    assert classes(gold[0], gold, ours, src, tgt) == ("merged omission", ["short", "dialogue"])
    assert classes(gold[1], gold, ours, src, tgt)[0] == "omission absorbed"
    assert classes(gold[2], gold, ours, src, tgt)[0] == "dropped"
    assert classes(gold[3], gold, ours, src, tgt)[0] == "merged neighbour"
    assert classes(gold[2], gold, [((2,), (1,)), ((3,), ())], src, tgt)[0] == "dropped"
    assert classes(gold[2], gold, [((2,), ()), ((3,), (1,))], src, tgt)[0] == "dropped"
    assert classes(gold[2], gold, [((1, 2), (1,)), ((3,), (2,))], src, tgt)[0] == "shifted"
    assert classes(((2, 3), (1, 2)), gold, [((2,), (1,)), ((3,), (2,))], src, tgt) == ("split", ["short", "dialogue"])


def test_short_beads_terms_add_up_to_the_aligners_gain() -> None:
    # the terms short_beads.py names must be the aligner's own: their sum for a two-sided bead is
    # the gain the dynamic programme gives it, merge cost included
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("short_beads", ROOT / "benchmarks" / "short_beads.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from align import aligner

    originals = aligner._features, aligner._best_path, aligner.aligned_features
    try:
        cap = module.Capture()
        rng = np.random.default_rng(5)
        vectors = rng.normal(size=(12, 32)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        src_texts = [f"Sentence number {i} of the source." for i in range(12)]
        tgt_texts = ["la suite ?" if j == 4 else f"Phrase numéro {j} de la cible !" for j in range(12)]
        src = aligner.EmbeddedText(vectors, np.array([len(t) for t in src_texts], float), src_texts)
        tgt = aligner.EmbeddedText(vectors[::-1].copy(), np.array([len(t) for t in tgt_texts], float), tgt_texts)
        aligner.align(src, tgt)
        runs_src, runs_tgt = cap.runs
        lo, hi = cap.band
        checked = 0
        for a, b, i, j in ((2, 1, 6, 5), (1, 3, 4, 7), (1, 1, 3, 5)):  # beads ending before source i, target j
            if not lo[i] <= j < hi[i]:
                continue
            bead = (tuple(range(i - a, i)), tuple(range(j - b, j)))
            terms = module.bead_terms(bead, None, cap)
            gain = aligner._GainBlocks(lo, hi, runs_src, runs_tgt, cap.ratio, cap.params).row(i)
            expected = gain[a - 1, j - lo[i], b - 1]  # the merge cost in
            assert sum(terms.values()) == pytest.approx(expected, abs=1e-5)
            assert terms["cont"] == pytest.approx(cap.params.continuation_gain * (j - b == 4))
            checked += 1
        assert checked == 3
    finally:
        aligner._features, aligner._best_path, aligner.aligned_features = originals


def test_the_paragraph_scorer_finds_sentences_across_line_ends_and_counts_the_lost(tmp_path, monkeypatch) -> None:
    # a reader that joins two lines gives a sentence lying in both; a sentence that is not in the
    # file is counted, and the scorer goes on (it once stopped at the first)
    from align.records import Sentence, Side

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("paragraphs", ROOT / "benchmarks" / "paragraphs.py")
    paragraphs = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "paragraphs", paragraphs)  # its dataclass looks itself up there
    spec.loader.exec_module(paragraphs)
    path = tmp_path / "en.txt"
    path.write_text("<h1>One</h1>\n\nThe cat sleeps. The dog\nbarks at night.\nＦｉｎｅ.\n", encoding="utf-8")
    texts = ["One", "The cat sleeps.", "The dog barks at night.", "A sentence from elsewhere.", "Fine."]
    side = Side(tuple(Sentence(k, text) for k, text in enumerate(texts)), "en", str(path), "")
    assert paragraphs.lines_of(side, path) == ([{0}, {1}, {1, 2}, {3}, {3}], 1)


def test_the_blind_mode_gives_both_aligners_the_sentences_without_their_paragraphs(tmp_path) -> None:
    # two lines a side, two sentences each: with its paragraphs align keeps to the lines; given the
    # sentences alone, both aligners must still be scored against the lines, their one-sided counted
    work = tmp_path / "texts" / "tale"
    work.mkdir(parents=True)
    (work / "tale_en.txt").write_text(
        "The old king had three sons. The youngest was the bravest of them.\n"
        "One morning the king fell ill. He called his sons to his bed.\n", encoding="utf-8")
    (work / "tale_fr.txt").write_text(
        "Le vieux roi avait trois fils. Le plus jeune était le plus courageux.\n"
        "Un matin, le roi tomba malade. Il appela ses fils auprès de son lit.\n", encoding="utf-8")
    result = run("benchmarks/bilinguator.py", str(tmp_path), "--blind", "--pairs")
    assert result.returncode == 0, result.stderr
    assert "tale_en.txt x tale_fr.txt: 1.000 1.000" in result.stdout
    rows = {line.split("  ")[1].strip(): line.split()[-5:] for line in result.stdout.splitlines()
            if line.startswith("  align") or line.startswith("  Bertalign")}
    assert rows == {"align --presplit": ["1.000", "(1.000)", "0", "0", "0"],
                    "Bertalign's algorithm, same model": ["1.000", "(1.000)", "0", "0", "0"]}


def test_beads_are_scored_by_the_lines_their_sentences_lie_in_and_one_sided_ones_not_at_all(monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import paragraphs

    src_lines, tgt_lines = [{0}, {0}, {1}, {1, 2}], [{0}, {1}, {2}]
    result = paragraphs.beads_agreement([((0, 1), (0,)), ((2,), (1,)), ((3,), ()), ((), (2,))], src_lines, tgt_lines)
    assert (result.agreeing, result.disagreeing) == (5, 0)
    result = paragraphs.beads_agreement([((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))], src_lines, tgt_lines)
    assert (result.agreeing, result.disagreeing, [w[0] for w in result.wrong]) == (2, 5, [((1, 2), (1,)), ((3,), (2,))])


def test_bertalign_files_mode_finds_the_stretches_where_the_two_part_and_meet_again() -> None:
    """--files: from where the two paths part to where both have consumed the same sentences again;
    agreeing beads between are no stretch."""
    ours = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), ()), ((6,), (4,))]
    theirs = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5, 6), (4,))]
    assert _bertalign_module().differing_stretches(ours, theirs) == [
        ([((1, 2), (1,)), ((3,), (2,))], [((1,), (1,)), ((2, 3), (2,))]),
        ([((5,), ()), ((6,), (4,))], [((5, 6), (4,))]),
    ]


def test_the_speed_ratio_is_each_pair_of_runs_median_and_range(monkeypatch) -> None:
    """A slow spell that touches one floor and its align run alike moves neither the median ratio nor
    the align column's median much; the table shows each pair's ratio, not the medians' quotient."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("speed", ROOT / "benchmarks" / "speed.py")
    speed = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "speed", speed)  # its dataclasses look their module up
    spec.loader.exec_module(speed)
    result = {"label": "a book", "sizes": [10, 12], "distinct": 22, "align": 20.0, "floor": 12.5,
              "ratios": [20.1 / 13.6, 26.0 / 17.0, 19.9 / 13.1], "peak": 650.0, "note": "n", "speed": True}
    assert speed.row(result, None) == "| a book | 10 x 12 | 20.0 s | 12.5 s | 1.52 (1.48-1.53) | 650 MiB | n |"
