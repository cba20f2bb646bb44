"""Languages: which one a text is in (py3langid, offline), their names, and which a model covers.

py3langid was chosen by measurement (`python benchmarks/languages.py`): on paragraphs of the
corpora it is as accurate as lingua, at a twentieth of the install size.
"""

from __future__ import annotations

import re
import logging

from .records import AlignError

SAMPLES = 20  # a long text is judged on this many stretches spread over it ...
SAMPLE_CHARS = 1000  # ... of this many characters each

NAMES = {
    "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "la": "Latin",
    "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish",
    "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}

# The languages Google's multilingual Universal Sentence Encoder v3 was trained on (zh: both
# simplified and traditional). Other models: not known here, so no warning.
MODEL_LANGUAGES = {
    "use-multilingual-v3": frozenset("ar zh nl en de fr it pt es ja ko ru pl th tr".split()),
}

_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # "en", "pt-BR", "zh-Hant-TW": BCP 47's shape


def language_name(code: str) -> str:
    """The English name of a language code ("el" -> "Greek", "pt-BR" -> "Portuguese"); an unknown
    code in capitals, of letters, digits and hyphens only ("xx" -> "XX"): the reading room shows
    it inside its own markup."""
    return NAMES.get(code.split("-")[0].lower()) or "".join(c for c in code if c.isalnum() or c == "-").upper() or "?"


def _sample(text: str) -> str:
    """Stretches spread over a long text, so that a preface or a licence does not decide."""
    if len(text) <= SAMPLES * SAMPLE_CHARS:
        return text
    step = len(text) // SAMPLES
    return "\n".join(text[i * step : i * step + SAMPLE_CHARS] for i in range(SAMPLES))


def checked_code(code: str, source: str) -> str:
    """A language code as given (--lang, meta.json), refused in one line where it is not one."""
    if not _CODE.fullmatch(code):
        raise AlignError(f"{source}: {code!r} is not a language code (an ISO 639 code such as en, ru, pt-BR)")
    return code


def detect_language(text: str, source: str = "the text") -> str:
    """The ISO 639-1 code of the language a text is written in; source names it in errors."""
    sample = _sample(text)
    if not _LETTER.search(sample):
        raise AlignError(f"{source}: the text has no letters, so its language cannot be told; give it with --lang, --src-lang or --tgt-lang")
    import py3langid  # loads its model (a few MB) on first use

    code, _ = py3langid.classify(sample)
    return code


def covered(lang: str, model: str) -> bool | None:
    """Whether a model (its name, as an embedder gives it) was trained on a language; None when
    the model's languages are not known."""
    languages = MODEL_LANGUAGES.get(model.split("@")[0])
    return None if languages is None else lang.split("-")[0].lower() in languages


def coverage_warning(lang: str, model: str) -> str | None:
    """A warning for a language the model does not cover, naming the language; None if it does (or unknown)."""
    if covered(lang, model) is not False:
        return None
    return (
        f"{language_name(lang)} ({lang}) is not among the languages of {model.split('@')[0]}; the alignment may be "
        "poor. Try the model sentence-transformers/LaBSE, or another multilingual model you have locally "
        "(--model, or the reading room's Model box)"
    )


def warn_if_not_covered(langs: tuple[str, ...], model: str) -> None:
    """Log a warning (logger "align", one line) for each language the model does not cover."""
    for lang in dict.fromkeys(langs):
        message = coverage_warning(lang, model)
        if message:
            logging.getLogger("align").warning(message)
