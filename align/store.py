"""Storage: an alignment as a Parquet file, one row per bead, provenance in the file metadata."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import AlignError, Alignment, Bead, Sentence, Side, WordLinks

_SCHEMA = pa.schema(
    [
        ("bead", pa.int32()),
        ("src_ids", pa.list_(pa.int32())),
        ("tgt_ids", pa.list_(pa.int32())),
        ("src_text", pa.string()),
        ("tgt_text", pa.string()),
        ("score", pa.float64()),
        ("kind", pa.string()),
        ("flags", pa.list_(pa.string())),
        # word links (null where not computed): tokens, [i, j] token pairs, [start, stop) gaps
        ("src_tokens", pa.list_(pa.string())),
        ("tgt_tokens", pa.list_(pa.string())),
        ("links", pa.list_(pa.list_(pa.int32()))),
        ("src_gaps", pa.list_(pa.list_(pa.int32()))),
        ("tgt_gaps", pa.list_(pa.list_(pa.int32()))),
    ]
)
_WORD_COLUMNS = ("src_tokens", "tgt_tokens", "links", "src_gaps", "tgt_gaps")
_META_KEY = b"align"


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write a file so that it is either complete or absent: temporary file, then rename."""
    path = Path(path)
    check_writable(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise AlignError(f"{path}: cannot write ({error.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise AlignError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | Path) -> None:
    """Refuse an output path that names a directory, so that no work is done for nothing."""
    path = Path(path)
    if path.is_dir():
        raise AlignError(f"{path}: is a directory; name a file to write")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise AlignError(f"{path}: cannot write ({folder} is not a directory)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AlignError(f"{path}: cannot write (no permission in {folder})")


def bead_text(side: Side, ids: tuple[int, ...]) -> str:
    return " ".join(side.sentences[i].text for i in ids)


def to_table(alignment: Alignment) -> pa.Table:
    beads = alignment.beads
    columns = {
        "bead": list(range(len(beads))),
        "src_ids": [list(b.src) for b in beads],
        "tgt_ids": [list(b.tgt) for b in beads],
        "src_text": [bead_text(alignment.src, b.src) for b in beads],
        "tgt_text": [bead_text(alignment.tgt, b.tgt) for b in beads],
        "score": [b.score for b in beads],
        "kind": [b.kind for b in beads],
        "flags": [list(b.flags) for b in beads],
        **_word_columns(beads),
    }
    meta = {
        "model": alignment.model,
        "created": alignment.created,
        "tool_version": alignment.tool_version,
        "extra": alignment.extra,
        "src": _side_meta(alignment.src),
        "tgt": _side_meta(alignment.tgt),
    }
    return pa.table(columns, schema=_SCHEMA.with_metadata({_META_KEY: json.dumps(meta, ensure_ascii=False)}))


def write_parquet(alignment: Alignment, path: str | Path) -> None:
    """Store an alignment; a failure leaves no partial file behind."""
    sink = pa.BufferOutputStream()
    pq.write_table(to_table(alignment), sink, compression="zstd")
    write_atomically(path, sink.getvalue().to_pybytes())


def read_parquet(path: str | Path) -> Alignment:
    """Load an alignment written by write_parquet."""
    path = Path(path)
    if not path.exists():
        raise AlignError(f"{path}: no such file")
    if path.is_dir():
        raise AlignError(f"{path}: is a directory, not an alignment file")
    try:
        table = pq.read_table(path)
        if not table.schema.metadata or _META_KEY not in table.schema.metadata:
            raise ValueError("no alignment metadata")
        meta = json.loads(table.schema.metadata[_META_KEY])
        words = [c for c in _WORD_COLUMNS if c in table.column_names]  # files from before word links lack them
        rows = table.select(["src_ids", "tgt_ids", "score", "flags", *words]).to_pylist()
        beads = tuple(Bead(tuple(r["src_ids"]), tuple(r["tgt_ids"]), r["score"], tuple(r["flags"]), _word_links(r))
                      for r in rows)
        return Alignment(
            src=_side_from_meta(meta["src"]),
            tgt=_side_from_meta(meta["tgt"]),
            beads=beads,
            model=meta["model"],
            created=meta["created"],
            tool_version=meta["tool_version"],
            extra=meta.get("extra", {}),
        )
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0][:120]
        raise AlignError(f"{path}: not an alignment file ({reason})") from None


def _word_columns(beads: tuple[Bead, ...]) -> dict[str, list]:
    columns: dict[str, list] = {name: [] for name in _WORD_COLUMNS}
    for bead in beads:
        words = bead.words
        values = (None,) * 5 if words is None else (
            list(words.src_tokens), list(words.tgt_tokens), [list(link) for link in words.links],
            [list(gap) for gap in words.src_gaps], [list(gap) for gap in words.tgt_gaps])
        for name, value in zip(_WORD_COLUMNS, values):
            columns[name].append(value)
    return columns


def _word_links(row: dict) -> WordLinks | None:
    if row.get("links") is None:
        return None
    pairs = lambda name: tuple((int(a), int(b)) for a, b in row[name])  # noqa: E731
    return WordLinks(tuple(row["src_tokens"]), tuple(row["tgt_tokens"]), pairs("links"),
                     pairs("src_gaps"), pairs("tgt_gaps"))


def _side_meta(side: Side) -> dict:
    return {
        "lang": side.lang,
        "path": side.path,
        "sha256": side.sha256,
        "role": side.role,
        "sentences": [[s.text, s.paragraph, s.emphasis, list(s.footnotes)] for s in side.sentences],
    }


def _side_from_meta(meta: dict) -> Side:
    sentences = tuple(
        Sentence(i, text, paragraph, emphasis, tuple(footnotes))
        for i, (text, paragraph, emphasis, footnotes) in enumerate(meta["sentences"])
    )
    return Side(sentences, meta["lang"], meta["path"], meta["sha256"], meta["role"])
