"""Words of languages written without spaces, against the gold segmentation of ../shared/corpora/cjk-words.

The gold tokens of each sentence joined without spaces give raw text; a segmenter's words are scored
against the gold words two ways: boundary F1 (the set of every word's start and end offsets against
the gold's, as issue #20 measures it) and word F1 (a word counts when both its ends are gold
boundaries and none lies inside it), with the speed.

    python benchmarks/word_segmentation.py                  # align's tokenizer (tokens.tokenize) on zh and ja
    python benchmarks/word_segmentation.py --candidates     # every installed candidate segmenter as well
    python benchmarks/word_segmentation.py --run            # and the tokens `align run --words` stores:
                                                            # the raw texts aligned (one sentence a line),
                                                            # each bead's tokens against its gold words
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from align import tokens
from align.pipeline import align_files

SETS = {"zh": "denero-en-zh.jsonl", "ja": "kftt-en-ja.jsonl"}


def read_gold(path: Path) -> list[list[str]]:
    """The target side's gold words of every sentence (split on U+0020 only: KFTT has U+3000 tokens)."""
    return [json.loads(line)["tgt"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def spans(tokens: Sequence[str], text: str) -> set[tuple[int, int]]:
    """Character spans of the tokens, found in order in `text` (spaces a tokenizer dropped are skipped)."""
    result, at = set(), 0
    for token in tokens:
        start = text.find(token, at)
        if start < 0:
            continue
        result.add((start, start + len(token)))
        at = start + len(token)
    return result


def score(gold: list[list[str]], segment: Callable[[str], Sequence[str]]) -> tuple[float, float, float]:
    """Boundary F1, word F1 and the seconds taken to segment every sentence."""
    texts = ["".join(tokens) for tokens in gold]
    start = time.perf_counter()
    predicted = [segment(text) for text in texts]
    seconds = time.perf_counter() - start
    words, boundaries = [0, 0, 0], [0, 0, 0]  # hits, found, expected
    for tokens, text, guess in zip(gold, texts, predicted):
        truth = spans(tokens, text)
        mine = spans([t for t in guess if t.strip()], text)
        for counts, (a, b) in ((words, (truth, mine)), (boundaries, (_ends(truth), _ends(mine)))):
            counts[0], counts[1], counts[2] = counts[0] + len(a & b), counts[1] + len(b), counts[2] + len(a)
    return _f1(*boundaries), _f1(*words), seconds


def _ends(spans: set[tuple[int, int]]) -> set[int]:
    return {at for span in spans for at in span}


def _f1(hits: int, found: int, expected: int) -> float:
    p, r = hits / max(found, 1), hits / max(expected, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def run_tokens(folder: Path, name: str, lang: str) -> tuple[list[list[str]], list[tuple[str, ...]]]:
    """Align the raw English and `lang` texts of a gold set as `align run --words` does (one sentence
    a line); for each bead, its sentences' gold words and the tokens the tool stored."""
    rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        en, other = Path(tmp) / "en.txt", Path(tmp) / f"{lang}.txt"
        en.write_text("".join(" ".join(r["src"]) + "\n" for r in rows), encoding="utf-8")
        other.write_text("".join("".join(r["tgt"]) + "\n" for r in rows), encoding="utf-8")
        alignment = align_files(en, other, presplit=True, src_lang="en", tgt_lang=lang)
    beads = [b for b in alignment.beads if b.tgt and b.words is not None]
    return [[word for j in b.tgt for word in rows[j]["tgt"]] for b in beads], [b.words.tgt_tokens for b in beads]


def candidates(lang: str) -> dict[str, Callable[[str], Sequence[str]]]:
    """Every installed segmenter worth trying for `lang` (those not installed are left out)."""
    found: dict[str, Callable[[str], Sequence[str]]] = {
        "regex (\\w+, before)": re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’-]\w+)*|[^\w\s]").findall,
        "by script (no segmenter installed)": tokens._by_script}
    if lang == "zh":
        try:
            import jieba

            jieba.setLogLevel(60)
            found["jieba"] = lambda text: jieba.lcut(text)
            found["jieba, no HMM"] = lambda text: jieba.lcut(text, HMM=False)
        except ImportError:
            pass
    if lang == "ja":
        try:
            from janome.tokenizer import Tokenizer

            janome = Tokenizer(wakati=True)
            found["janome"] = lambda text: list(janome.tokenize(text))
        except ImportError:
            pass
        try:
            import fugashi

            tagger = fugashi.Tagger()
            found["fugashi + unidic-lite"] = lambda text: [w.surface for w in tagger(text)]
        except (ImportError, RuntimeError):
            pass
        try:
            import tinysegmenter

            tiny = tinysegmenter.TinySegmenter()
            found["tinysegmenter"] = tiny.tokenize
        except ImportError:
            pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpora")
    parser.add_argument("--candidates", action="store_true")
    parser.add_argument("--run", action="store_true")
    args = parser.parse_args()
    folder = args.corpora / "cjk-words"
    if not folder.is_dir():
        sys.exit(f"no gold sets under {folder}")
    for lang, name in SETS.items():
        gold = read_gold(folder / name)
        chars = sum(len("".join(tokens)) for tokens in gold)
        tried = candidates(lang) if args.candidates else {}
        tried[f"align (tokens.tokenize, {lang})"] = lambda text, lang=lang: tokens.tokenize(text, lang)
        for label, segment in tried.items():
            segment("预热 warm-up 準備")  # load dictionaries before timing
            boundary_f1, word_f1, seconds = score(gold, segment)
            print(f"{lang} {label:<36} boundary F1 {boundary_f1:.3f}  word F1 {word_f1:.3f}  "
                  f"{chars / max(seconds, 1e-9) / 1000:6.0f} k chars/s")
        if args.run:
            gold, stored = run_tokens(folder, name, lang)
            by_bead = dict(zip(("".join(words) for words in gold), stored))
            boundary_f1, word_f1, _ = score(gold, by_bead.__getitem__)
            print(f"{lang} {'align run --words (' + str(len(gold)) + ' beads)':<36} boundary F1 {boundary_f1:.3f}  "
                  f"word F1 {word_f1:.3f}")


if __name__ == "__main__":
    main()
