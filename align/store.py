"""Storage: an alignment as a Parquet file, one row per bead, provenance in the file metadata.

With three texts or more, each row also has `ids_k`, `text_k`, `score_k`, `kind_k`, `flags_k` for
texts k = 2, 3, ... (their beads with the pivot), their word links as `src_tokens_k`, `tgt_tokens_k`,
`links_k`, `src_gaps_k`, `tgt_gaps_k`, and the metadata lists them under "others"."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .records import AlignError, Alignment, Bead, Note, Sentence, Side, WordLinks

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
        ("chapter", pa.int32()),  # the pivot's chapter (Alignment.row_chapters); derived, not read back
        ("note", pa.string()),  # the reviewer's comment and tags on the row
        ("tags", pa.list_(pa.string())),
    ]
)
_WORD_COLUMNS = ("src_tokens", "tgt_tokens", "links", "src_gaps", "tgt_gaps")
_META_KEY = b"align"
MAX_FILE_BYTES = 512 << 20  # an alignment file read: far above any book's (a few MB, compressed)
MAX_TABLE_BYTES = 4 << 30  # and its columns once decompressed
_DEFERRED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # held back while outputs are renamed


def _other_fields(k: int) -> list[tuple[str, pa.DataType]]:
    """The columns of text k >= 2 (its bead with the pivot in this row)."""
    return [(f"ids_{k}", pa.list_(pa.int32())), (f"text_{k}", pa.string()), (f"score_{k}", pa.float64()),
            (f"kind_{k}", pa.string()), (f"flags_{k}", pa.list_(pa.string()))] + \
        [(f"{name}_{k}", _SCHEMA.field(name).type) for name in _WORD_COLUMNS]


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write a file so that it is either complete or absent: temporary file, then rename."""
    write_all({check_output(path): data})


def write_all(files: dict[Path, bytes | str]) -> None:
    """Write several files together: every one to a temporary file beside its target first, and
    only when all are written, rename them into place; should a rename fail, the files already
    replaced are put back. Ctrl-C or SIGTERM meanwhile waits till the end; no temporary file is
    left on any way out. The targets are paths from check_output; a replaced file keeps its mode,
    a new one gets the umask's."""
    staged: list[tuple[str, Path]] = []
    kept: list[tuple[str | None, Path]] = []  # a hard link to each replaced file's old version ("": none)
    path = next(iter(files), Path())
    with _signals_deferred():
        try:
            for path, data in files.items():
                staged.append((_stage(path, data.encode("utf-8") if isinstance(data, str) else data), path))
            for tmp, path in staged:
                kept.append((_keep(path), path))
                os.replace(tmp, path)
        except OSError as error:
            _put_back(kept[:-1])
            raise AlignError(f"{path}: cannot write ({error.strerror or error})") from None
        finally:
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)
            for old, _ in kept:
                if old:
                    Path(old).unlink(missing_ok=True)


def _keep(path: Path) -> str | None:
    """A hard link to the file at path, to put it back should a later output fail (None: no file
    there; "": none could be made, as on a file system without hard links)."""
    if not path.exists():
        return None
    old = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.old.tmp")
    try:
        old.unlink(missing_ok=True)
        os.link(path, old)
    except OSError:
        return ""
    return str(old)


def _put_back(kept: list[tuple[str | None, Path]]) -> None:
    for old, path in reversed(kept):
        with contextlib.suppress(OSError):
            if old:
                os.replace(old, path)
            elif old is None:  # it was new: gone again
                path.unlink()


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held back till the block ends, then acted on (in the main
    thread only: elsewhere, as in the reading room's threads, signals cannot be caught anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {}
    for number in _DEFERRED:
        with contextlib.suppress(OSError, ValueError):
            previous[number] = signal.signal(number, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def _stage(path: Path, payload: bytes) -> str:
    """A complete temporary copy of `payload` beside `path`, with the mode `path` will have."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp"))
    # created as a new file is: the process's umask applies (read without changing it: threads)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def check_output(path: str | Path) -> Path:
    """The file to write for an output path, checked before any work is done: a symlink is
    followed to its target; a directory, device, FIFO or socket is refused (never replaced), and
    so is a file no one may write (made read-only to keep it); the folder must take a new file (tried, so that read-only mounts and /proc are caught too)."""
    if not str(path):
        raise AlignError("an empty output path; name a file to write")
    if str(path).endswith(("/", os.sep)):
        raise AlignError(f"{path}: names a folder; name a file to write")
    path = Path(path)
    target = _resolved(path) if path.is_symlink() else path
    if target.is_dir():
        raise AlignError(f"{path}: is a directory; name a file to write")
    if target.exists() and not target.is_file():
        raise AlignError(f"{path}: not a regular file (a device, FIFO or socket); name a file to write")
    if target.exists():
        if not target.stat().st_mode & 0o222:  # by its mode, as root too: a rename would not ask
            raise AlignError(f"{path}: is read-only (no one may write it), so it is kept; make it writable to replace it")
        _check_replaceable(path, target)
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


def _check_replaceable(path: Path, target: Path) -> None:
    """Refuse a file that cannot be replaced by a rename (immutable, append-only, a mount point),
    found by linking it, which such a file refuses too, and the link removed at once."""
    probe = target.with_name(f".{target.name}.{os.getpid()}.probe.tmp")
    try:
        os.link(target, probe)
    except OSError as error:
        if _links_work(target.parent):  # else a file system without hard links: nothing to tell
            raise AlignError(f"{path}: cannot be replaced ({error.strerror or error})") from None
    else:
        probe.unlink(missing_ok=True)


def _links_work(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder) as handle:
            link = Path(f"{handle.name}.link")
            os.link(handle.name, link)
            link.unlink()
        return True
    except OSError:
        return False


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


def shown(path: str | Path) -> str:
    """A path or name as text that can be printed and stored: bytes that are not UTF-8 (a file
    name from another system) replaced by U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def bead_text(side: Side, ids: tuple[int, ...]) -> str:
    return " ".join(side.sentences[i].text for i in ids)


def to_table(alignment: Alignment) -> pa.Table:
    beads = alignment.beads
    columns = {
        "bead": list(range(len(beads))),
        "src_ids": [b.src for b in beads],  # tuples, as pyarrow takes them (no copies)
        "tgt_ids": [b.tgt for b in beads],
        "src_text": [bead_text(alignment.src, b.src) for b in beads],
        "tgt_text": [bead_text(alignment.tgt, b.tgt) for b in beads],
        "score": [b.score for b in beads],
        "kind": [b.kind for b in beads],
        "flags": [b.flags for b in beads],
        **_word_columns(beads),
        "chapter": alignment.row_chapters(),
        "note": [b.note for b in beads],
        "tags": [b.tags for b in beads],
    }
    schema = _SCHEMA
    for k, side in enumerate(alignment.others, start=2):
        pairs = [b.pair(k) for b in beads]
        columns.update({
            f"ids_{k}": [p.tgt for p in pairs],
            f"text_{k}": [bead_text(side, p.tgt) for p in pairs],
            f"score_{k}": [p.score for p in pairs],
            f"kind_{k}": [p.kind for p in pairs],
            f"flags_{k}": [p.flags for p in pairs],
            **{f"{name}_{k}": values for name, values in _word_columns(pairs).items()},
        })
        for name, kind in _other_fields(k):
            schema = schema.append(pa.field(name, kind))
    meta = {
        "model": alignment.model,
        "created": alignment.created,
        "tool_version": alignment.tool_version,
        "extra": alignment.extra,
        "src": _side_meta(alignment.src),
        "tgt": _side_meta(alignment.tgt),
    }
    if alignment.others:
        meta["others"] = [_side_meta(side) for side in alignment.others]
    return pa.table(columns, schema=schema.with_metadata({_META_KEY: json.dumps(meta, ensure_ascii=False)}))


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
        # (one thread: with pyarrow's pool still busy at exit, an error exit aborted now and then)
        buffer = pa.BufferReader(_read_bounded(path))
        if sum(group.total_byte_size for group in _row_groups(pq.read_metadata(buffer))) > MAX_TABLE_BYTES:
            raise ValueError(f"more than {MAX_TABLE_BYTES >> 30} GB once decompressed")
        table = pq.read_table(buffer, use_threads=False)
        if not table.schema.metadata or _META_KEY not in table.schema.metadata:
            raise ValueError("no alignment metadata")
        meta = json.loads(table.schema.metadata[_META_KEY])
        json.dumps(meta, ensure_ascii=False).encode("utf-8")  # a lone surrogate cannot be written out
        if not isinstance(meta, dict):
            raise ValueError("the alignment metadata is not an object")
        others = tuple(_side_from_meta(side) for side in meta.get("others", []))
        names = ["src_ids", "tgt_ids", "score", "flags"] + [f"{c}_{k}" for k in range(2, len(others) + 2)
                                                             for c in ("ids", "score", "flags")]
        # files from before word links (of every text) or review notes lack those columns
        words = [*_WORD_COLUMNS] + [f"{c}_{k}" for k in range(2, len(others) + 2) for c in _WORD_COLUMNS]
        optional = [c for c in (*words, "note", "tags") if c in table.column_names]
        rows = table.select(names + optional).to_pylist()
        beads = tuple(
            Bead(tuple(r["src_ids"]), tuple(r["tgt_ids"]), r["score"], tuple(r["flags"]), _word_links(r), others=tuple(
                Bead(tuple(r["src_ids"]), tuple(r[f"ids_{k}"]), r[f"score_{k}"], tuple(r[f"flags_{k}"]),
                     _word_links(r, f"_{k}"))
                for k in range(2, len(others) + 2)), note=r.get("note") or "", tags=tuple(r.get("tags") or ()))
            for r in rows
        )
        alignment = Alignment(
            src=_side_from_meta(meta["src"]),
            tgt=_side_from_meta(meta["tgt"]),
            beads=beads,
            model=meta["model"],
            created=meta["created"],
            tool_version=meta["tool_version"],
            extra=meta.get("extra", {}),
            others=others,
        )
        _check_fields(alignment)
        return alignment
    except (OSError, KeyError, TypeError, ValueError, AttributeError, RecursionError, pa.ArrowException) as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0][:120]
        raise AlignError(f"{path}: not an alignment file ({reason})") from None


# --- the alignments this process read or saved lately, by file version: an unchanged file is not read again ---

RECENT_FILES = 4
_recent: OrderedDict[tuple[str, int, int, int], Alignment] = OrderedDict()
_recent_lock = threading.Lock()


def file_version(path: str | Path) -> tuple[str, int, int, int]:
    """What tells one version of a file from the next: path, modification time, size and inode
    (a file saved by write_atomically is a new inode)."""
    info = os.stat(path)
    return str(Path(path).resolve()), info.st_mtime_ns, info.st_size, info.st_ino


def read_recent(path: str | Path) -> Alignment:
    """read_parquet, from memory when this process read or saved the file as it now is on disk
    (a book's file takes about half a second to read; the reading room reads it on every change)."""
    try:
        version = file_version(path)
    except OSError:
        return read_parquet(path)  # says what is wrong with the path
    with _recent_lock:
        if version in _recent:
            _recent.move_to_end(version)
            return _recent[version]
    alignment = read_parquet(path)
    if file_version(path) == version:  # not replaced while it was read
        _keep_recent(version, alignment)
    return alignment


def saved_recent(path: str | Path, alignment: Alignment) -> None:
    """`alignment` has just been written to `path` by a writer holding the file's edit lock (so no one
    wrote since): read_recent gives it back without reading the file."""
    _keep_recent(file_version(path), alignment)


def _keep_recent(version: tuple[str, int, int, int], alignment: Alignment) -> None:
    with _recent_lock:
        _recent[version] = alignment
        _recent.move_to_end(version)
        while len(_recent) > RECENT_FILES:
            _recent.popitem(last=False)


def _read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, without waiting on a FIFO swapped in."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES >> 20} MB")
        return handle.read(MAX_FILE_BYTES + 1)


def _row_groups(metadata: pq.FileMetaData) -> Iterator[pq.RowGroupMetaData]:
    return (metadata.row_group(i) for i in range(metadata.num_row_groups))


def _check_fields(alignment: Alignment) -> None:
    """Raise ValueError where a readable file holds values no alignment can have."""
    for name in ("model", "created", "tool_version"):
        if not isinstance(getattr(alignment, name), str):
            raise ValueError(f"its {name} is not text")
    if not isinstance(alignment.extra, dict):
        raise ValueError("its extra metadata is not an object")
    for k, side in enumerate(alignment.sides):
        if not isinstance(side.lang, str) or not all(isinstance(s.text, str) for s in side.sentences):
            raise ValueError(f"the language or a sentence of text {k} is missing")
        if not all(isinstance(value, str) for value in (side.path, side.sha256, side.role)):
            raise ValueError(f"the path, checksum or role of text {k} is not text")
    for n, row in enumerate(alignment.beads):
        for bead in (row, *row.others):
            if not isinstance(bead.score, float) or not 0.0 <= bead.score <= 1.0:
                raise ValueError(f"bead {n} has no score in [0, 1]")
            if not all(isinstance(f, str) for f in bead.flags + row.tags):
                raise ValueError(f"bead {n} has a missing flag or tag")
        for side, ids in zip(alignment.sides, row.columns):
            if not all(isinstance(i, int) and 0 <= i < len(side.sentences) for i in ids):
                raise ValueError(f"bead {n} names a sentence that does not exist")
        if any(bead.words is not None and not _words_fit(bead.words) for bead in (row, *row.others)):
            raise ValueError(f"bead {n} has word links or gaps outside its tokens")


def _words_fit(words: WordLinks) -> bool:
    """Every link between tokens that exist; every gap [start, stop) within its side's tokens
    (a gap of two billion tokens must not become two billion cells in an export)."""
    src, tgt = len(words.src_tokens), len(words.tgt_tokens)
    return (all(0 <= i < src and 0 <= j < tgt for i, j in words.links)
            and all(0 <= a <= b <= src for a, b in words.src_gaps)
            and all(0 <= a <= b <= tgt for a, b in words.tgt_gaps))


def _word_columns(beads: Sequence[Bead]) -> dict[str, list]:
    columns: dict[str, list] = {name: [] for name in _WORD_COLUMNS}
    for bead in beads:
        words = bead.words
        values = (None,) * 5 if words is None else (  # tuples, as pyarrow takes them (no copies)
            words.src_tokens, words.tgt_tokens, words.links, words.src_gaps, words.tgt_gaps)
        for name, value in zip(_WORD_COLUMNS, values):
            columns[name].append(value)
    return columns


def _word_links(row: dict, suffix: str = "") -> WordLinks | None:
    """A bead's word links from its row (`suffix` "_k" for text k >= 2), None where not computed."""
    if row.get("links" + suffix) is None:
        return None
    pairs = lambda name: tuple((int(a), int(b)) for a, b in row[name + suffix])  # noqa: E731
    return WordLinks(tuple(row["src_tokens" + suffix]), tuple(row["tgt_tokens" + suffix]), pairs("links"),
                     pairs("src_gaps"), pairs("tgt_gaps"))


def _side_meta(side: Side) -> dict:
    return {
        "lang": side.lang,
        "path": shown(side.path),
        "sha256": side.sha256,
        "role": side.role,
        "sentences": [[s.text, s.paragraph, s.emphasis, list(s.footnotes), s.heading, s.chapter]
                      for s in side.sentences],
        "notes": [[note.mark, note.text] for note in side.notes],
        "apparatus": list(side.apparatus),
    }


def _side_from_meta(meta: dict) -> Side:
    # files from before chapters hold four fields a sentence
    sentences = tuple(
        Sentence(i, text, paragraph, emphasis, tuple(footnotes), bool(rest[0]) if rest else False,
                 int(rest[1]) if len(rest) > 1 else 0)
        for i, (text, paragraph, emphasis, footnotes, *rest) in enumerate(meta["sentences"])
    )
    notes = tuple(Note(str(mark), str(text)) for mark, text in meta.get("notes", []))
    apparatus = tuple(str(part) for part in meta.get("apparatus", []))
    return Side(sentences, meta["lang"], meta["path"], meta["sha256"], meta["role"], notes, apparatus)
