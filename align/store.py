"""Storage: an alignment as a Parquet file, one row per bead, provenance in the file metadata."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import AlignError, Alignment, Bead, Sentence, Side

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
    ]
)
_META_KEY = b"align"


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write a file so that it is either complete or absent: temporary file, then rename."""
    write_all({check_output(path): data})


def write_all(files: dict[Path, bytes | str]) -> None:
    """Write several files together: every one to a temporary file beside its target first, and
    only when all are written, rename them into place. A failure leaves every old file untouched.
    The targets are paths from check_output; a replaced file keeps its mode, a new one gets the umask's."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data.encode("utf-8") if isinstance(data, str) else data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as error:
        raise AlignError(f"{path}: cannot write ({error.strerror or error})") from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def _stage(path: Path, payload: bytes) -> str:
    """A complete temporary copy of `payload` beside `path`, with the mode `path` will have."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it; set straight back
        os.umask(umask)
        return 0o666 & ~umask


def check_output(path: str | Path) -> Path:
    """The file to write for an output path, checked before any work is done: a symlink is
    followed to its target; a directory, device, FIFO or socket is refused (never replaced);
    the folder must take a new file (tried, so that read-only mounts and /proc are caught too)."""
    path = Path(path)
    target = _resolved(path) if path.is_symlink() else path
    if target.is_dir():
        raise AlignError(f"{path}: is a directory; name a file to write")
    if target.exists() and not target.is_file():
        raise AlignError(f"{path}: not a regular file (a device, FIFO or socket); name a file to write")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise AlignError(f"{path}: cannot write ({folder} is not a directory)")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise AlignError(f"{path}: cannot write in {folder} ({error.strerror or error})") from None
    return target


def check_distinct(outputs: list[str | Path], inputs: list[str | Path] = ()) -> None:
    """Refuse outputs that are the same file as an input or as each other."""
    taken = [(Path(p), "an input") for p in inputs]
    for output in outputs:
        for other, role in taken:
            if _same_file(Path(output), other):
                raise AlignError(f"{output}: the same file as {role} ({other}); name another file")
        taken.append((Path(output), "another output"))


def _same_file(a: Path, b: Path) -> bool:
    if _resolved(a) == _resolved(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise AlignError(f"{path}: a symlink that leads nowhere (a loop)") from None


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
    write_atomically(path, parquet_bytes(alignment))


def parquet_bytes(alignment: Alignment) -> bytes:
    """The Parquet file of an alignment, in memory."""
    sink = pa.BufferOutputStream()
    pq.write_table(to_table(alignment), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def read_parquet(path: str | Path) -> Alignment:
    """Load an alignment written by write_parquet."""
    path = Path(path)
    if not path.exists():
        raise AlignError(f"{path}: no such file")
    if path.is_dir():
        raise AlignError(f"{path}: is a directory, not an alignment file")
    if not path.is_file():
        raise AlignError(f"{path}: not a regular file (a device, FIFO or socket)")
    try:
        # one read of the whole file: pyarrow opens a path more than once, and a file replaced in
        # between (an edit saved meanwhile) would mix two versions
        table = pq.read_table(pa.BufferReader(path.read_bytes()))
        if not table.schema.metadata or _META_KEY not in table.schema.metadata:
            raise ValueError("no alignment metadata")
        meta = json.loads(table.schema.metadata[_META_KEY])
        rows = table.select(["src_ids", "tgt_ids", "score", "flags"]).to_pylist()
        beads = tuple(Bead(tuple(r["src_ids"]), tuple(r["tgt_ids"]), r["score"], tuple(r["flags"])) for r in rows)
        alignment = Alignment(
            src=_side_from_meta(meta["src"]),
            tgt=_side_from_meta(meta["tgt"]),
            beads=beads,
            model=meta["model"],
            created=meta["created"],
            tool_version=meta["tool_version"],
            extra=meta.get("extra", {}),
        )
        _check_fields(alignment)
        return alignment
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException) as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0][:120]
        raise AlignError(f"{path}: not an alignment file ({reason})") from None


def _check_fields(alignment: Alignment) -> None:
    """Raise ValueError where a readable file holds values no alignment can have."""
    for name, side in (("source", alignment.src), ("target", alignment.tgt)):
        if not isinstance(side.lang, str) or not all(isinstance(s.text, str) for s in side.sentences):
            raise ValueError(f"the {name} language or a {name} sentence is missing")
    for n, bead in enumerate(alignment.beads):
        if not isinstance(bead.score, float) or not 0.0 <= bead.score <= 1.0:
            raise ValueError(f"bead {n} has no score in [0, 1]")
        for side, ids in ((alignment.src, bead.src), (alignment.tgt, bead.tgt)):
            if not all(isinstance(i, int) and 0 <= i < len(side.sentences) for i in ids):
                raise ValueError(f"bead {n} names a sentence that does not exist")
        if not all(isinstance(f, str) for f in bead.flags):
            raise ValueError(f"bead {n} has a missing flag")


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
