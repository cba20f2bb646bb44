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

NAMES = {  # every language py3langid tells (ISO 639-1, or 639-3 where there is no such code)
    "ace": "Acehnese", "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic",
    "ary": "Moroccan Arabic", "arz": "Egyptian Arabic", "as": "Assamese", "az": "Azerbaijani",
    "ba": "Bashkir", "bcl": "Central Bikol", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "crh": "Crimean Tatar", "cs": "Czech", "cy": "Welsh",
    "da": "Danish", "de": "German", "dz": "Dzongkha", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "ext": "Extremaduran", "fa": "Persian",
    "fi": "Finnish", "fo": "Faroese", "fr": "French", "fuv": "Fulfulde", "fy": "Frisian", "ga": "Irish",
    "gcf": "Guadeloupean Creole", "gcr": "Guianese Creole", "gd": "Scottish Gaelic", "gl": "Galician",
    "gom": "Konkani", "grc": "Ancient Greek", "gu": "Gujarati", "gug": "Guarani", "guw": "Gun",
    "ha": "Hausa", "hbo": "Ancient Hebrew", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian",
    "kab": "Kabyle", "kik": "Kikuyu", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean",
    "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lg": "Ganda",
    "lij": "Ligurian", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian", "ltg": "Latgalian",
    "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "nb": "Norwegian", "ne": "Nepali",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "nso": "Northern Sotho", "oc": "Occitan",
    "om": "Oromo", "or": "Odia", "pa": "Punjabi", "pcm": "Nigerian Pidgin", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda",
    "sa": "Sanskrit", "sdh": "Southern Kurdish", "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian", "st": "Sotho",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai",
    "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur", "uk": "Ukrainian",
    "ur": "Urdu", "uz": "Uzbek", "uzs": "Southern Uzbek", "vec": "Venetian", "vi": "Vietnamese",
    "vo": "Volapük", "wa": "Walloon", "wuu": "Wu Chinese", "xh": "Xhosa", "yo": "Yoruba",
    "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
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
