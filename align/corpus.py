"""The corpora under texts/: each folder one work, with a meta.json saying what each text is.

A work is an original and any number of translations. Its pivot, the text every other one is
aligned with, is the original or, while the original is missing, a working translation standing
in for it (never shown as the original). A user's original, once dropped into the folder under the
documented file name, takes precedence over that stand-in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .records import AlignError

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"


@dataclass(frozen=True)
class Text:
    path: Path
    lang: str
    role: str  # "original", "translation" or "working translation"
    translator: str = ""


@dataclass(frozen=True)
class Work:
    id: str
    title: str
    folder: Path
    texts: tuple[Text, ...]  # the pivot first, then the others in the order of meta.json
    meta: dict

    @property
    def alignment_path(self) -> Path:
        return self.folder / (".".join(text.path.stem for text in self.texts) + ".parquet")


def load_work(folder: str | Path) -> Work:
    """The work in a corpus folder, its pivot first: the original, else the working translation in
    the original's language standing in for it, else the first text listed."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        texts = [Text(folder / t["file"], t["lang"], t["role"], t.get("translator", "")) for t in meta["texts"]]
        original = meta.get("original", {})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise AlignError(f"{folder}: no readable meta.json ({error})") from None
    supplied = folder / original.get("file", "")
    if original.get("file") and supplied.is_file() and all(t.path != supplied for t in texts):
        stand_in = [t for t in texts if t.role == "working translation" and t.lang == original.get("lang")]
        texts = [Text(supplied, original["lang"], "original")] + [t for t in texts if t not in stand_in]
    if len(texts) < 2:
        raise AlignError(f"{folder}: meta.json must describe at least two texts")
    stand_in_lang = original.get("lang")
    pivot = min(texts, key=lambda t: 0 if t.role == "original" else
                1 if t.role == "working translation" and t.lang == stand_in_lang else 2)
    texts = [pivot] + [t for t in texts if t is not pivot]
    return Work(meta.get("id", folder.name), meta.get("title", folder.name), folder, tuple(texts), meta)


def list_works(root: str | Path = TEXTS_DIR) -> list[Work]:
    return [load_work(p.parent) for p in sorted(Path(root).glob("*/meta.json"))]
