"""Finding beads: by words or a regular expression in any of the texts, or by meaning."""

from __future__ import annotations

import time
from pathlib import Path

import faiss
import numpy as np
import regex as regex_module

from .embed import CachedEmbedder, is_default_model, load_embedder
from .records import AlignError, Alignment
from .store import bead_text

SEARCH_TIMEOUT_S = 2.0


def find_text(alignment: Alignment, query: str, regex: bool = False, timeout_s: float = SEARCH_TIMEOUT_S) -> list[int]:
    """Numbers of the beads (rows) where the text of any side contains `query` (case-insensitive):
    all its words, in any order, or with regex=True a regular expression. A search that takes
    longer than `timeout_s` (a pattern such as `(.*.*)*#` can take for ever) is an AlignError."""
    if regex:
        try:
            patterns = [regex_module.compile(query, regex_module.IGNORECASE)]
        except (regex_module.error, ValueError) as error:
            raise AlignError(f"not a valid regular expression: {error}") from None
    else:
        patterns = [regex_module.compile(regex_module.escape(word), regex_module.IGNORECASE) for word in query.split()]
    if not patterns:
        return []
    deadline = time.monotonic() + timeout_s
    hits = []
    try:
        for n, bead in enumerate(alignment.beads):
            texts = [bead_text(side, ids) for side, ids in zip(alignment.sides, bead.columns)]
            if any(all(_search(p, text, deadline) for p in patterns) for text in texts):
                hits.append(n)
    except TimeoutError:
        raise AlignError(f"the search took longer than {timeout_s:g} s; try a simpler expression") from None
    return hits


def _search(pattern: regex_module.Pattern, text: str, deadline: float) -> bool:
    # concurrent: let the server's other threads run meanwhile
    return pattern.search(text, timeout=max(deadline - time.monotonic(), 1e-3), concurrent=True) is not None


def embedder_for(model: str) -> CachedEmbedder:
    """The embedder that made an alignment, from the model name stored in it."""
    return load_embedder(model_to_load(model))


def model_to_load(model: str) -> str | None:
    """What to pass load_embedder for the model name stored in an alignment (None: the default)."""
    if is_default_model(model):  # stored with its version, e.g. use-multilingual-v3@0.2.1
        return None
    folder, _, size = model.rpartition("#")  # a local folder is stored as "<path>#<bytes>"
    if folder and size.isdigit() and Path(folder).is_dir():
        return folder
    return model


class MeaningIndex:
    """Every side (every text) of every bead as a vector in a FAISS inner-product index.

    Queries are embedded by the model itself, not through the cache: they need not be stored."""

    def __init__(self, alignment: Alignment, embedder: CachedEmbedder) -> None:
        self.model = embedder.inner
        texts, owners = [], []
        for n, bead in enumerate(alignment.beads):
            for side, ids in zip(alignment.sides, bead.columns):
                if ids:
                    texts.append(bead_text(side, ids))
                    owners.append(n)
        vectors = embedder.encode(texts)
        self.owners = np.array(owners)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """The k beads most similar in meaning to `query` (in either language), best first,
        with the cosine similarity of their closer side."""
        if not query.strip():
            return []
        vector = self.model.encode([query])
        scores, rows = self.index.search(np.ascontiguousarray(vector, dtype=np.float32), min(2 * k, self.index.ntotal))
        best: dict[int, float] = {}
        for score, row in zip(scores[0], rows[0]):
            if row >= 0:
                bead = int(self.owners[row])
                best.setdefault(bead, float(score))  # rows come best first
        return list(best.items())[:k]
