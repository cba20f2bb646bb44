"""align: comparative translation alignment.

    from align import align_files, write_parquet
    alignment = align_files("en.txt", "ru.txt")
    write_parquet(alignment, "en-ru.parquet")
"""

from .aligner import Params
from .batch import run_batch
from .embed import load_embedder
from .export import export_file
from .pipeline import align_files, align_sides, align_texts, read_side
from .records import AlignError, Alignment, Bead, Sentence, Side
from .store import read_parquet, write_parquet
from .words import align_words, link_words

__all__ = [
    "AlignError", "Alignment", "Bead", "Params", "Sentence", "Side",
    "align_files", "align_sides", "align_texts", "align_words", "export_file", "link_words", "load_embedder",
    "read_parquet", "read_side", "run_batch", "write_parquet",
]
