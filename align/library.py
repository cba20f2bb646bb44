"""A library of works: folders in the texts/ layout under one root, each with its stored alignment.

What a work is, whether its stored alignment is current (same inputs by SHA-256, same model), and one
search across every stored alignment: words and regular expressions through DuckDB over the Parquet
files (word forms told apart in Python), meaning through the search module's index of every bead
text, cached per library state.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import corpus
from .embed import CachedEmbedder, cache_folder, model_name
from .records import AlignError
from .search import Hit, MeaningIndex, Results, VectorSet, check_pattern, embedder_for, matcher, word_beginning
from .store import shown

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shelved:
    """One work of a library as it stands on disk: the work itself (None where it does not load)
    and the state of its stored alignment."""

    folder: Path
    work: corpus.Work | None
    sizes: tuple[int, ...]  # bytes of each text file (0: missing)
    state: str  # "aligned", "outdated" (inputs or model changed), "not aligned" or the error
    beads: int  # in the stored alignment (0: none)

    @property
    def id(self) -> str:
        return self.folder.name  # corpus.Work.id, also for a work that does not load

    @property
    def title(self) -> str:
        return self.work.title if self.work else shown(self.folder.name)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(t.lang or "?" for t in self.work.texts) if self.work else ()

    @property
    def alignment(self) -> Path | None:
        return self.work.alignment_path if self.work else None


def work_folders(root: str | Path) -> list[Path]:
    """The folders under root that hold a work (a meta.json), absolute, in name order. A folder
    that is a symbolic link keeps its own name (a work is known by its entry in the library, not
    by where it lies); one that leads to a work listed already (an alias) is left out, so that no
    work is aligned twice or shown under another's name."""
    root = Path(root)
    if not root.is_dir():
        raise AlignError(f"{root}: {'not a directory' if root.exists() else 'no such directory'}")
    entries = sorted((path.parent.absolute() for path in root.glob("*/meta.json")), key=lambda f: (f.is_symlink(), f.name))
    seen, folders = set(), []
    for folder in entries:  # the folders themselves first, then the links
        if folder.resolve() not in seen:
            seen.add(folder.resolve())
            folders.append(folder)
    folders.sort(key=lambda folder: folder.name)
    if not folders:
        raise AlignError(f"{root}: no works under it (folders with a meta.json, as in texts/)")
    return folders


def is_current(work: corpus.Work, model: str | None) -> bool:
    """Whether the work's stored alignment was made from these very files (SHA-256, language,
    role) with this model, so that aligning again would give the same result."""
    stored = _stored_meta(work.alignment_path)
    if stored is None or stored.get("model") != model_name(model):
        return False
    others = stored.get("others", [])
    sides = [stored.get("src"), stored.get("tgt"), *(others if isinstance(others, list) else [None])]
    if len(sides) != len(work.texts) or not all(isinstance(side, dict) for side in sides):
        return False
    for text, side in zip(work.texts, sides):
        lang = text.lang or side.get("lang")  # a language left to detection is whatever was detected
        if (side.get("sha256"), side.get("lang"), side.get("role")) != (_sha256(text.path), lang, text.role):
            return False
    return True


def corrections(path: Path) -> int:
    """How many beads of a stored alignment a person changed, checked, or annotated (0: none, or
    no readable alignment)."""
    try:
        with open(path, "rb") as handle:
            file = pq.ParquetFile(handle)
            columns = [name for name in ("flags", "note", "tags") if name in file.schema_arrow.names]
            table = file.read(columns=columns, use_threads=False).to_pydict()
    except (OSError, ValueError, pa.ArrowException):
        return 0
    if "flags" not in table:
        return 0
    notes, tags = table.get("note") or [None] * len(table["flags"]), table.get("tags") or [None] * len(table["flags"])
    return sum(bool({"edited", "verified"} & set(flags or ())) or bool(note) or bool(tag)
               for flags, note, tag in zip(table["flags"], notes, tags))


def works(root: str | Path, model: str | None = None) -> list[Shelved]:
    """Every work under root with its sizes and alignment state; a work that does not load is
    listed with its error, never stops the listing."""
    found = []
    for folder in work_folders(root):
        try:
            work = corpus.load_work(folder)
        except AlignError as error:
            found.append(Shelved(folder, None, (), str(error), 0))
            continue
        path = work.alignment_path
        if not path.exists():
            state, beads = "not aligned", 0
        elif _stored_meta(path) is None:
            state, beads = "unreadable alignment", 0
        else:
            state = "aligned" if is_current(work, model) else "outdated"
            beads = bead_count(path)
        sizes = tuple(t.path.stat().st_size if t.path.is_file() else 0 for t in work.texts)
        found.append(Shelved(folder, work, sizes, state, beads))
    return found


def stored(root: str | Path) -> dict[str, Path]:
    """Work id -> its stored alignment file, for every work that has a readable one (its texts
    are not read: whether it is current does not matter to a search)."""
    found = {}
    for folder in work_folders(root):
        try:
            path = corpus.load_work(folder).alignment_path
        except AlignError:
            continue
        if _stored_meta(path) is not None:
            found[folder.name] = path
        elif path.exists():
            _log.warning("%s: not a readable alignment (damaged, or another file); left out of the search: "
                         "move it away and run align batch to align the work again", shown(path))
    return found


def search_text(root: str | Path, query: str, regex: bool = False, offset: int = 0, limit: int = 50) -> Results:
    """Beads of any work where one text holds every word of `query` in any form (case-insensitive),
    or with regex=True where a text matches a regular expression (RE2 syntax), in work and bead
    order: `limit` of them from `offset`, each with every text of its row and what matched."""
    try:
        import duckdb
    except ImportError:
        raise AlignError("library search needs DuckDB: pip install 'align[library]'") from None
    query = unicodedata.normalize("NFC", query)  # as the matcher reads it: a combining accent is the letter it makes
    if regex:
        check_pattern(query)  # bounded before RE2 compiles it
    files = stored(root)
    metas = {str(path): _stored_meta(path) or {} for path in files.values()}
    work_of = {str(path): work for work, path in files.items()}
    paths = list(work_of)
    columns = ["src_text", "tgt_text"] + [f"text_{k}" for k in range(2, 2 + max(
        (len(meta.get("others") or []) for meta in metas.values()), default=0))]
    words = query.split()
    try:
        with duckdb.connect() as db:
            if regex:  # a bad expression is an error even where there is nothing to search
                _check_re2(db, query)
            if not files or not (words or regex):
                return Results((), 0, "no query" if files else "no stored alignments to search")
            condition, params = (_regex_condition(columns, query) if regex
                                 else _words_condition(columns, words, _languages(metas)))
            db.register("beads", _texts_table(paths))
            source = f"beads WHERE {condition}"
            order = "ORDER BY filename, bead"
            if regex:
                total = db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0]
                rows = db.execute(f"SELECT filename, bead, {', '.join(columns)} FROM {source} {order} "
                                  "LIMIT $limit OFFSET $offset", {**params, "limit": min(limit, sys.maxsize),  # DuckDB's BIGINT
                                                                   "offset": min(offset, sys.maxsize)}).fetchall()
            else:  # candidates by word beginnings; the forms themselves are told apart here
                rows = db.execute(f"SELECT filename, bead, {', '.join(columns)} FROM {source} {order}", params).fetchall()
    except duckdb.Error as error:
        raise AlignError(f"search failed: {_duckdb_message(error)}") from None
    match = matcher(query, regex)
    hits = []
    for number, bead, *texts in rows:
        name = paths[number]
        texts = tuple(text or "" for text in texts[:_width(metas[name])])
        spans = _spans_or_none(match, texts, _langs(metas[name]))
        if spans is not None or regex:  # RE2 and Python's regex can disagree on an edge: RE2 decides
            hits.append(Hit(bead, texts, spans or (), work=work_of[name], langs=tuple(_langs(metas[name])[:len(texts)])))
    if not regex:
        total, hits = len(hits), hits[offset:offset + limit]
    why = "" if total else ("no text matches this expression" if regex else "no text holds these words in any form")
    return Results(tuple(hits), total, why)


def _check_re2(db, pattern: str) -> None:
    import duckdb

    try:
        db.execute("SELECT regexp_matches('', $pattern)", {"pattern": pattern}).fetchall()
    except duckdb.Error as error:
        raise AlignError(f"not a valid regular expression: {_duckdb_message(error)}") from None


def _duckdb_message(error: Exception) -> str:
    """DuckDB's message without its class of error ("Invalid Input Error: ..."), one line."""
    line = (str(error).strip().splitlines() or [""])[0]
    return line.split(" Error: ", 1)[-1][:160]


def _regex_condition(columns: list[str], pattern: str) -> tuple[str, dict]:
    return " OR ".join(f"regexp_matches({column}, $pattern, 'i')" for column in columns), {"pattern": pattern}


def _words_condition(columns: list[str], words: list[str], langs: set[str]) -> tuple[str, dict]:
    """Rows where one column holds, for every word, the beginning that all its forms share."""
    params, per_word = {}, []
    for i, word in enumerate(words):
        prefixes = sorted({word_beginning(word, lang) for lang in langs} or {word.lower()})
        names = [f"w{i}_{j}" for j in range(len(prefixes))]
        params.update(zip(names, prefixes))
        per_word.append(names)
    condition = " OR ".join(
        "(" + " AND ".join("(" + " OR ".join(f"contains(lower({column}), ${name})" for name in names) + ")"
                           for names in per_word) + ")"
        for column in columns
    )
    return condition, params


def _spans_or_none(match, texts: tuple[str, ...], langs: list[str]):
    try:
        return match(texts, langs)
    except AlignError:  # out of time for the highlighting: the hit stays, unmarked
        return None


def _langs(meta: dict) -> list[str]:
    sides = [meta.get("src") or {}, meta.get("tgt") or {}, *(meta.get("others") or [])]
    return [str(side.get("lang") or "") if isinstance(side, dict) else "" for side in sides]


def _width(meta: dict) -> int:
    return 2 + len(meta.get("others") or [])


def _languages(metas: dict[str, dict]) -> set[str]:
    return {lang for meta in metas.values() for lang in _langs(meta)}


def meaning_index(root: str | Path) -> MeaningIndex:
    """Every text of every bead in the library as a vector, one set per model (queries are
    embedded with each alignment's own model), owned by (work, bead). Kept on disk per library state."""
    files = stored(root)
    by_model: dict[str, list[tuple[str, Path]]] = {}
    for work, path in files.items():
        by_model.setdefault(str((_stored_meta(path) or {}).get("model")), []).append((work, path))
    embedders: dict[str, CachedEmbedder] = {}

    def embedder(model: str) -> CachedEmbedder:
        if model not in embedders:
            embedders[model] = embedder_for(model)
        return embedders[model]

    sets, unavailable = [], []
    for model, group in sorted(by_model.items()):
        try:
            sets.append(_model_index(model, group, embedder))
        except AlignError:  # its model is not available here: the other works are still searched
            unavailable.append(model)
    return MeaningIndex(sets, lambda model: embedder(model).inner, unavailable)


def search_meaning(root: str | Path, index: MeaningIndex, query: str, offset: int = 0, limit: int = 50) -> Results:
    """The beads of the library close in meaning to `query`, best first: `limit` from `offset`."""
    ranked, why = index.search(query)
    hits = []
    for (work, bead), score in ranked[offset:offset + limit]:
        path = corpus.load_work(Path(root) / work).alignment_path
        texts = _bead_texts(path, bead)
        if texts is None:  # changed since it was indexed
            continue
        langs = tuple(_langs(_stored_meta(path) or {})[:len(texts)])
        hits.append(Hit(bead, texts, score=score, work=work, langs=langs))
    return Results(tuple(hits), len(ranked), why)


def _model_index(model: str, group: list[tuple[str, Path]], embedder: Callable[[str], CachedEmbedder]) -> VectorSet:
    """The vectors of these alignments' bead texts, read from the cache if these very files were
    indexed before (keyed by their paths, sizes and modification times)."""
    state = [(str(path), path.stat().st_mtime_ns, path.stat().st_size) for _, path in group]
    key = hashlib.sha1(json.dumps(["every text, noise levels", model, state]).encode()).hexdigest()
    cache = cache_folder() / "library"
    index_file, owners_file, levels_file = cache / f"{key}.faiss", cache / f"{key}.json", cache / f"{key}.npy"
    if index_file.exists() and owners_file.exists() and levels_file.exists():
        try:
            owners = tuple(tuple(owner) for owner in json.loads(owners_file.read_text()))
            levels = np.load(levels_file, allow_pickle=False)
            index = faiss.read_index(str(index_file))
            if index.ntotal == len(owners) == len(levels):
                return VectorSet(model, index, owners, levels)
        except (OSError, ValueError, RuntimeError, TypeError):
            pass  # a damaged cache entry: build it again
    texts, owners = [], []
    for work, path in group:
        for bead, row in _rows(path):
            for text in row:
                if text:
                    texts.append(text)
                    owners.append((work, bead))
    vectors = embedder(model).encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    found = VectorSet.build(model, vectors, owners, embedder(model))
    try:
        cache.mkdir(parents=True, exist_ok=True)
        faiss.write_index(found.index, str(index_file) + ".tmp")
        owners_file.write_text(json.dumps(owners))
        with open(levels_file, "wb") as out:
            np.save(out, found.levels, allow_pickle=False)
        os.replace(str(index_file) + ".tmp", index_file)  # the index last: its presence means complete
    except (OSError, RuntimeError):
        pass  # no cache this time; the search still works
    return found


def _text_columns(schema: pa.Schema) -> list[str]:
    return [name for name in schema.names if name in ("src_text", "tgt_text") or name.startswith("text_")]


def _texts_table(paths: list[str]) -> pa.Table:
    """Every bead's texts of the alignment files, with the file's place in `paths` as `filename`.
    Each file is opened by Python, not by DuckDB, which would read a folder named `n*` as a pattern
    and refuses a file name that is not UTF-8."""
    tables = []
    for number, path in enumerate(paths):
        with open(path, "rb") as handle:
            file = pq.ParquetFile(handle)
            table = file.read(columns=["bead", *_text_columns(file.schema_arrow)], use_threads=False)
        tables.append(table.append_column("filename", pa.array([number] * table.num_rows, pa.int32())))
    return pa.concat_tables(tables, promote_options="default")


def _rows(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """Each bead of a stored alignment with every text of its row."""
    with open(path, "rb") as handle:  # Python's open, not pyarrow's: any file name
        file = pq.ParquetFile(handle)
        columns = _text_columns(file.schema_arrow)
        table = file.read(columns=["bead", *columns], use_threads=False).to_pydict()
    return [(bead, tuple(table[c][k] or "" for c in columns)) for k, bead in enumerate(table["bead"])]


def _bead_texts(path: Path, bead: int) -> tuple[str, ...] | None:
    """Every text of one bead's row (None: no such bead, the file changed since it was indexed)."""
    return dict(_rows(path)).get(bead)


def _stored_meta(path: Path) -> dict | None:
    """The provenance an alignment file records (None: no such file, or not an alignment). The
    path is a work's, checked by corpus.work_file: a regular file, never a FIFO."""
    try:
        with open(path, "rb") as handle:  # Python's open, not pyarrow's: any file name
            metadata = pq.read_schema(handle).metadata or {}
        meta = json.loads(metadata[b"align"])
    except (OSError, KeyError, ValueError, RecursionError, pa.ArrowException):
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("model"), str) else None


def check_replaceable(path: Path) -> None:
    """Refuse to align a work again over a file at its alignment's place that is not an alignment
    (a user's own file of that name, or one damaged since): it is never replaced unread."""
    if path.exists() and _stored_meta(path) is None:
        raise AlignError(f"{shown(path)}: not an alignment (another file, or a damaged one); kept: move it away to align this work")


def bead_count(path: Path) -> int:
    """The number of beads in a stored alignment (0: none readable)."""
    try:
        with open(path, "rb") as handle:
            return pq.read_metadata(handle).num_rows
    except (OSError, ValueError, pa.ArrowException):
        return 0


def _sha256(path: Path) -> str:
    """Of a work's text (checked by corpus.work_file: regular, bounded), read in blocks."""
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO swapped in since: no wait
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


