"""The corpora under texts/: each folder a pair of texts with a meta.json saying what each one is.

A user's original, once dropped into the folder under the documented file name, takes precedence
over any working translation that stood in for it.
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


@dataclass(frozen=True)
class Pair:
    id: str
    title: str
    folder: Path
    src: Text  # the left side of every bead
    tgt: Text
    meta: dict

    @property
    def alignment_path(self) -> Path:
        return self.folder / f"{self.src.path.stem}.{self.tgt.path.stem}.parquet"


def load_pair(folder: str | Path) -> Pair:
    """The pair in a corpus folder: its first text on the left, the original (or, until the
    original is supplied, its working translation) on the right."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        texts = [Text(folder / t["file"], t["lang"], t["role"]) for t in meta["texts"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AlignError(f"{folder}: no readable meta.json ({error})") from None
    original = meta.get("original", {})
    supplied = folder / original.get("file", "")
    if original.get("file") and supplied.is_file():
        texts = [t for t in texts if t.role != "working translation"] + [Text(supplied, original["lang"], "original")]
    if len(texts) != 2:
        raise AlignError(f"{folder}: meta.json must describe two texts")
    return Pair(meta.get("id", folder.name), meta.get("title", folder.name), folder, texts[0], texts[1], meta)


def list_pairs(root: str | Path = TEXTS_DIR) -> list[Pair]:
    return [load_pair(p.parent) for p in sorted(Path(root).glob("*/meta.json"))]
