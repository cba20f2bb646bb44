"""The corpora under texts/: each folder one work, with a meta.json saying what each text is.

A work is an original and any number of translations. Its pivot, the text every other one is
aligned with, is the original or, while the original is missing, a working translation standing
in for it (never shown as the original). A user's original, once dropped into the folder under the
documented file name, takes precedence over that stand-in.

Every file a work names (its meta.json, its texts, its alignment) goes through `work_file`: inside
the work's folder, a regular file, of bounded size, checked before anything opens it. A work is
known by its folder's name, unique in a library whatever its meta.json says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .read import MAX_BYTES
from .records import AlignError
from .store import MAX_FILE_BYTES, shown

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"
MAX_META_BYTES = 1 << 20  # a meta.json describes a handful of texts
_MAX_NAME_BYTES = 255  # of one file name, on every common file system
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Text:
    path: Path
    lang: str | None  # None: detected from the text
    role: str  # "original", "translation" or "working translation"
    translator: str = ""


@dataclass(frozen=True)
class Work:
    id: str  # its folder's name: unique in a library (meta.json's "id" is kept in meta, not trusted)
    title: str
    folder: Path
    texts: tuple[Text, ...]  # the pivot first, then the others in the order of meta.json
    meta: dict
    alignment_path: Path  # where its alignment is stored, beside its texts


def work_file(folder: Path, name: object, limit: int = MAX_BYTES, written: bool = False) -> Path:
    """The file `name` (as meta.json gives it) names in a work's folder, checked without opening
    it: inside the folder once symbolic links are resolved, a regular file of at most `limit`
    bytes if it exists (a FIFO or a device would hang or never end). A file the work writes
    (`written`) may not be a symbolic link at all: replacing it would write through the link."""
    if not isinstance(name, str) or not name.strip() or "\x00" in name:
        raise AlignError(f"{shown(folder)}: meta.json names a file as {name!r}; give a file name in the work's folder")
    path = folder / name
    try:
        inside = folder.resolve() in path.resolve().parents
    except (OSError, RuntimeError):  # a symlink loop
        raise AlignError(f"{shown(path)}: a symbolic link that leads nowhere (a loop)") from None
    if not inside:
        raise AlignError(f"{shown(path)}: outside the work's folder; a work names only files inside it")
    try:
        info = path.lstat() if written else path.stat()
    except FileNotFoundError:
        return path
    except OSError as error:
        raise AlignError(f"{shown(path)}: cannot read ({error.strerror})") from None
    if written and stat.S_ISLNK(info.st_mode):
        raise AlignError(f"{shown(path)}: a symbolic link; a work's alignment is a file of its own")
    if not stat.S_ISREG(info.st_mode):
        raise AlignError(f"{shown(path)}: not a regular file (a folder, device, FIFO or socket)")
    if info.st_size > limit:
        raise AlignError(f"{shown(path)}: larger than {limit >> 20} MB, too large for a work's file")
    return path


def load_work(folder: str | Path) -> Work:
    """The work in a corpus folder, its pivot first: the original, else the working translation in
    the original's language standing in for it, else the first text listed."""
    folder = Path(folder)
    meta = _read_meta(folder)
    try:
        texts = [_text(folder, t) for t in meta["texts"]]
        original = meta.get("original") or {}
        if original.get("file") and all(t.path != folder / original["file"] for t in texts):
            supplied = _text(folder, {**original, "role": "original"})
            if supplied.path.is_file():
                stand_in = [t for t in texts if t.role == "working translation" and t.lang == supplied.lang]
                texts = [supplied] + [t for t in texts if t not in stand_in]
    except KeyError as error:  # a field every text must have
        raise AlignError(f"{shown(folder)}: meta.json does not describe the texts (no \"{error.args[0]}\" given)") from None
    except (TypeError, AttributeError) as error:
        raise AlignError(f"{shown(folder)}: meta.json does not describe the texts ({error})") from None
    if len(texts) < 2:
        raise AlignError(f"{shown(folder)}: meta.json must describe at least two texts")
    stand_in_lang = original.get("lang")
    pivot = min(texts, key=lambda t: 0 if t.role == "original" else
                1 if t.role == "working translation" and t.lang == stand_in_lang else 2)
    texts = [pivot] + [t for t in texts if t is not pivot]
    title = meta.get("title") if isinstance(meta.get("title"), str) else shown(folder.name)
    alignment = work_file(folder, _alignment_name(texts), MAX_FILE_BYTES, written=True)
    for text in texts:  # a text reached through a link may be the very file the alignment would replace
        if alignment.exists() and text.path.exists() and os.path.samefile(alignment, text.path):
            raise AlignError(f"{shown(alignment)}: the work's alignment would replace its text {shown(text.path.name)} "
                             "(a link to it); rename the text")
    return Work(folder.name, title, folder, tuple(texts), meta, alignment)


def list_works(root: str | Path = TEXTS_DIR) -> list[Work]:
    """The works under root that load, in name order; each one that does not is a warning on the
    "align" logger (`library.works` lists them with their error)."""
    found = []
    for meta in sorted(Path(root).glob("*/meta.json")):
        try:
            found.append(load_work(meta.parent))
        except AlignError as error:
            _log.warning("%s", error)
    return found


def _read_meta(folder: Path) -> dict:
    """meta.json, read without waiting on a FIFO, of bounded size and nesting, a JSON object."""
    path = work_file(folder, "meta.json", MAX_META_BYTES)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO since the check
                raise AlignError(f"{shown(path)}: not a regular file")
            data = handle.read(MAX_META_BYTES + 1)
        meta = json.loads(data[:MAX_META_BYTES].decode("utf-8-sig"))  # a BOM is fine
    except (OSError, ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else getattr(error, "strerror", None) or error
        raise AlignError(f"{shown(folder)}: no readable meta.json ({str(reason)[:160]})") from None
    if not isinstance(meta, dict):
        raise AlignError(f"{shown(folder)}: meta.json is not a JSON object")
    return meta


def _text(folder: Path, entry: dict) -> Text:
    lang, role, translator = entry.get("lang"), entry["role"], entry.get("translator") or ""
    if lang is not None and not isinstance(lang, str) or not isinstance(role, str) or not isinstance(translator, str):
        raise TypeError(f"the entry of {entry.get('file')!r} has a language, role or translator that is not text")
    return Text(work_file(folder, entry["file"]), lang or None, role, translator)


def _alignment_name(texts: list[Text]) -> str:
    """The texts' stems joined; where that is too long a file name, cut, with a hash of the whole
    so that two works' cut names still differ."""
    name = ".".join(text.path.stem for text in texts) + ".parquet"
    if len(os.fsencode(name)) <= _MAX_NAME_BYTES:
        return name
    digest = hashlib.sha1(os.fsencode(name)).hexdigest()[:16]
    stem = ".".join(text.path.stem for text in texts)
    while len(os.fsencode(stem)) > _MAX_NAME_BYTES - len(digest) - len(".parquet") - 1:
        stem = stem[:-1]
    return f"{stem}-{digest}.parquet"
