"""align: comparative translation alignment.

    from align import align_files, write_parquet
    alignment = align_files("en.txt", "ru.txt")
    write_parquet(alignment, "en-ru.parquet")

The names below are imported when first used: a child process that only reads a text (see apart)
imports the readers, not the model, FAISS and Arrow (a quarter of a second instead of half).
"""

from importlib import import_module

_HOMES = {
    "Params": "aligner", "run_batch": "batch", "load_embedder": "embed", "export_file": "export",
    "align_files": "pipeline", "align_sides": "pipeline", "align_texts": "pipeline", "read_side": "sides",
    "AlignError": "records", "Alignment": "records", "Bead": "records", "Sentence": "records", "Side": "records",
    "read_parquet": "store", "write_parquet": "store", "align_words": "words", "link_words": "words",
}

__all__ = [
    "AlignError", "Alignment", "Bead", "Params", "Sentence", "Side",
    "align_files", "align_sides", "align_texts", "align_words", "export_file", "link_words", "load_embedder",
    "read_parquet", "read_side", "run_batch", "write_parquet",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))  # the names not yet imported too (completion in a notebook)
