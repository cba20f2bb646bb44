"""Words of every language: what word links, renderings and the word view count as one token.

Languages written with spaces are cut by a regular expression (words with inner hyphens and
apostrophes, numbers, single punctuation marks; combining marks stay inside their word, so Thai
or Hindi vowel signs never split one). Runs of Chinese, Japanese or Thai letters go to a
dictionary segmenter, chosen by measurement against gold segmentations
(benchmarks/word_segmentation.py): jieba for Chinese (traditional characters read as
simplified), MeCab (fugashi) with UniDic Lite for Japanese, PyThaiNLP's newmm for Thai. Where a
segmenter is not installed (Japanese and Thai come with the extra `align[cjk]`), a warning says
so once and such a run is cut by script: Chinese characters one by one, kana in runs, Thai as
one word.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

import regex

TOKEN = regex.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’-]\w+)*|[^\w\s]")
# letters of the scripts written without spaces between words (the iteration mark 々 and the
# prolonged sound mark ー belong to the word they stand in)
_UNSPACED = {
    "zh": r"\p{Han}+",
    "ja": r"[\p{Han}\p{Hiragana}\p{Katakana}々ー]+",
    "th": r"[\p{Thai}]+",
}
_LANGS = {"zh": "zh", "yue": "zh", "wuu": "zh", "ja": "ja", "th": "th"}
_CACHED_RUNS = 1 << 16  # a book repeats its phrases; a run is segmented once
_INSTALL = "pip install 'align[cjk]'"


def script_family(lang: str) -> str:
    """"zh", "ja" or "th" for a language written without spaces, "" for every other."""
    return _LANGS.get(lang.lower().replace("_", "-").split("-")[0], "")


def tokenize(text: str, lang: str = "") -> tuple[str, ...]:
    """The words, numbers and punctuation marks of `text`, in order."""
    return tuple(text[start:stop] for start, stop in token_spans(text, lang))


def token_spans(text: str, lang: str = "") -> tuple[tuple[int, int], ...]:
    """[start, stop) of every token of `text`: the regular expression's tokens, with each run of
    an unspaced script that it finds cut into words by that language's segmenter."""
    family = script_family(lang)
    spans = []
    for match in TOKEN.finditer(text):
        start, stop = match.span()
        if family and _UNSPACED_RE[family].search(match.group()):
            spans.extend((start + a, start + b) for a, b in _split_token(match.group(), family))
        else:
            spans.append((start, stop))
    return tuple(spans)


def _split_token(token: str, family: str) -> list[tuple[int, int]]:
    """A regular-expression token holding unspaced letters, as words: each run of those letters
    segmented, the rest (Latin letters, digits) kept whole between them."""
    spans, at = [], 0
    for run in _UNSPACED_RE[family].finditer(token):
        if run.start() > at:
            spans.append((at, run.start()))
        offset = run.start()
        spans.extend((offset + a, offset + b) for a, b in _segment(run.group(), family))
        at = run.end()
    if at < len(token):
        spans.append((at, len(token)))
    return spans


@lru_cache(maxsize=_CACHED_RUNS)
def _segment(run: str, family: str) -> tuple[tuple[int, int], ...]:
    """[start, stop) of each word of a run of one unspaced script's letters."""
    words = _segmenter(family)(run)
    spans, at = [], 0
    for word in words:
        start = run.find(word, at)
        if not word or start < 0:  # a segmenter that normalised its input: keep what it covered
            continue
        if start > at:
            spans.append((at, start))
        spans.append((start, start + len(word)))
        at = start + len(word)
    if at < len(run):
        spans.append((at, len(run)))
    return tuple(spans)


@lru_cache(maxsize=None)
def _segmenter(family: str) -> Callable[[str], list[str]]:
    try:
        return _SEGMENTERS[family]()
    except (ImportError, RuntimeError) as error:  # RuntimeError: MeCab without its dictionary
        name = {"zh": "Chinese", "ja": "Japanese", "th": "Thai"}[family]
        logging.getLogger("align").warning(
            f"no {name} word segmenter ({error}): words are cut by script, links will be coarser; {_INSTALL}")
        return _by_script


def _jieba() -> Callable[[str], list[str]]:
    import jieba

    jieba.setLogLevel(60)  # no "building prefix dict" chatter on stderr
    tokenizer = jieba.Tokenizer()
    simplified = _to_simplified()

    def segment(run: str) -> list[str]:
        # jieba's dictionary is of simplified characters: a traditional text is cut as its simplified
        # form (character for character, so the words fall at the same places), then read back
        simple = simplified(run)
        if len(simple) != len(run):
            simple = run
        words, at = [], 0
        # the dictionary alone: jieba's HMM for unknown words cut the gold's words more often than it found them
        for word in tokenizer.lcut(simple, HMM=False):
            words.append(run[at:at + len(word)])
            at += len(word)
        return words

    return segment


def _to_simplified() -> Callable[[str], str]:
    """Traditional Chinese characters to simplified (OpenCC's tables), or the text as it is."""
    try:
        from opencc import OpenCC

        return OpenCC("t2s").convert
    except Exception:  # not installed, or another package's `opencc` with another interface
        return lambda text: text


def _mecab() -> Callable[[str], list[str]]:
    import fugashi

    tagger = fugashi.Tagger()  # finds unidic-lite's dictionary by itself
    return lambda run: [word.surface for word in tagger(run)]


def _newmm() -> Callable[[str], list[str]]:
    from pythainlp.tokenize import word_tokenize

    return lambda run: word_tokenize(run, engine="newmm", keep_whitespace=False)


_SEGMENTERS: dict[str, Callable[[], Callable[[str], list[str]]]] = {"zh": _jieba, "ja": _mecab, "th": _newmm}
_UNSPACED_RE = {family: regex.compile(pattern) for family, pattern in _UNSPACED.items()}
_BY_SCRIPT = regex.compile(r"\p{Han}|\p{Hiragana}+|[\p{Katakana}ー]+|\p{Thai}+|.")


def _by_script(run: str) -> list[str]:
    """Without a segmenter: Chinese characters one by one, kana and Thai in runs."""
    return _BY_SCRIPT.findall(run)
