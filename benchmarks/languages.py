"""Measure language identification and multilingual segmentation on ../shared/corpora.

1. Language identification: accuracy of py3langid (and lingua, when installed) on paragraphs
   (about 300 characters) and on single Tatoeba sentences of every language in the corpora.
2. Sentence splitters (razdel, sentencex, pysbd) on text whose sentences are known: Tatoeba
   sentences (de, fr, en, ru) and text-berg documents (de, fr) joined five to a paragraph;
   boundary F1.
3. Chinese one sentence per line: stal-ru-zh/zh.txt cut into sentences by a plain rule of its
   own (below), one per line; `split_sentences` must find about as many sentences as lines.
4. prince-5way: sentence counts of the five translations (they should be comparable) and of
   stal-ru-zh's two sides.

    python benchmarks/languages.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from razdel import sentenize  # noqa: E402

from align.evaluate import boundary_f1  # noqa: E402
from align.language import detect_language  # noqa: E402
from align.formats.text import split_paragraphs  # noqa: E402
from align.segment import split_sentences  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
TATOEBA = {"de": "deu-eng.deu", "fr": "fra-eng.fra", "en": "fra-eng.eng", "ru": "rus-eng.rus"}
TEXTS = {  # raw texts of known language
    "de": ["prince-5way/de.txt", "kameraden-3way/de.txt"],
    "en": ["prince-5way/en.txt", "kameraden-3way/en.txt"],
    "fr": ["prince-5way/fr.txt", "transread/alice-en-fr/fr.txt"],
    "ru": ["prince-5way/ru.txt", "kameraden-3way/ru.txt"],
    "zh": ["prince-5way/zh.txt", "stal-ru-zh/zh.txt"],
    "el": ["transread/candide-en-el/el.txt"],
}
# a Chinese sentence ends at 。！？ (or …… ), with any closing quotes or brackets after it
ZH_SENTENCE = re.compile(r".+?(?:[。！？]+|……)[”’」』）)]*|.+$")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _paragraph_samples(lang: str, size: int = 300, limit: int = 200) -> list[str]:
    """Pieces of about `size` characters cut at line ends from the raw texts of a language."""
    samples = []
    for name in TEXTS[lang]:
        piece = ""
        for line in _lines(CORPORA / name):
            piece += line + ("" if lang == "zh" else " ")
            if len(piece) >= size:
                samples.append(piece)
                piece = ""
    return samples[:limit]


def _detectors() -> dict[str, object]:
    found: dict[str, object] = {"py3langid": detect_language}
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def lingua_detect(text: str) -> str:
            language = lingua.detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else "?"

        found["lingua"] = lingua_detect
    except ImportError:
        pass
    return found


def identification() -> None:
    print("1. Language identification: share right (samples), time")
    sets = {f"{lang} paragraphs": (lang, _paragraph_samples(lang)) for lang in TEXTS}
    sets |= {f"{lang} sentences": (lang, _lines(CORPORA / "tatoeba" / f"tatoeba.{name}")[:300]) for lang, name in TATOEBA.items()}
    for name, detect in _detectors().items():
        detect("warm up the model")
        start, cells = time.perf_counter(), []
        for label, (lang, samples) in sets.items():
            right = sum(detect(sample) == lang for sample in samples)
            cells.append(f"{label} {right / len(samples):.3f} ({len(samples)})")
        seconds = time.perf_counter() - start
        print(f"  {name:10} {seconds:5.1f}s  " + ", ".join(cells))


def _splitters() -> dict[str, object]:
    """Sentence splitters to compare, each a function of a paragraph and a language."""
    found: dict[str, object] = {
        "align": lambda paragraph, lang: [s.text for s in split_sentences(paragraph, lang)],
        "razdel": lambda paragraph, lang: [s.text for s in sentenize(paragraph)],
    }
    import sentencex

    found["sentencex"] = lambda paragraph, lang: list(sentencex.segment(lang, paragraph))
    try:
        import pysbd

        found["pysbd"] = lambda paragraph, lang: pysbd.Segmenter(language=lang, clean=False).segment(paragraph)
    except ImportError:
        pass
    return found


def splitters() -> None:
    print("\n2. Sentence splitters: boundary F1 on known sentences joined five to a paragraph")
    sets = {f"tatoeba {lang}": (lang, _lines(CORPORA / "tatoeba" / f"tatoeba.{name}")) for lang, name in TATOEBA.items()}
    for lang in ("de", "fr"):
        files = sorted((CORPORA / "text-berg-de-fr" / lang).iterdir())
        sets[f"text-berg {lang}"] = (lang, [line for path in files for line in _lines(path)])
    for name, split in _splitters().items():
        cells = []
        for label, (lang, sentences) in sets.items():
            paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
            predicted = [s for paragraph in paragraphs for s in split(paragraph, lang)]
            cells.append(f"{label} {boundary_f1(predicted, sentences)[2]:.3f}")
        print(f"  {name:10} " + ", ".join(cells))


def chinese_lines() -> None:
    print("\n3. Chinese, one sentence per line (stal-ru-zh/zh.txt cut by the plain rule above), no --lang")
    text = (CORPORA / "stal-ru-zh" / "zh.txt").read_text(encoding="utf-8")
    lines = [s for paragraph in split_paragraphs(text) for s in ZH_SENTENCE.findall(paragraph)]
    one_per_line = "\n".join(lines) + "\n"
    start = time.perf_counter()
    sentences = split_sentences(one_per_line)
    seconds = time.perf_counter() - start
    longest = max(len(s.text) for s in sentences)
    print(f"  {len(lines)} lines -> {len(sentences)} sentences ({len(sentences) / len(lines):.1%}), "
          f"longest {longest} characters, {seconds:.1f}s")


def counts() -> None:
    print("\n4. Sentences (paragraphs; razdel alone on them) of translations of one text, raw files, language detected")
    for folder, langs in (("prince-5way", ("en", "fr", "de", "ru", "zh")), ("kameraden-3way", ("en", "de", "ru")),
                          ("stal-ru-zh", ("ru", "zh"))):
        cells = []
        for lang in langs:
            text = (CORPORA / folder / f"{lang}.txt").read_text(encoding="utf-8")
            found = detect_language(text)
            mark = "" if found == lang else f" detected as {found}!"
            paragraphs = split_paragraphs(text)
            plain = sum(1 for paragraph in paragraphs for _ in sentenize(paragraph))
            cells.append(f"{lang} {len(split_sentences(text))} ({len(paragraphs)}; razdel alone {plain}){mark}")
        print(f"  {folder:15} " + ", ".join(cells))


def main() -> int:
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}")
        return 1
    identification()
    splitters()
    chinese_lines()
    counts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
