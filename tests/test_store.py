"""Storage: an Alignment survives a Parquet round trip; a failed write leaves nothing behind."""

from __future__ import annotations

import json
from dataclasses import replace
import os
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import as_unprivileged

from align import store
from align.records import AlignError, Alignment, Bead, Note, Sentence, Side


def make_alignment() -> Alignment:
    src = Side(
        sentences=(
            Sentence(0, "The cat sat on the mat.", 0),
            Sentence(1, "It was <happy> & \"calm\".", 0, emphasis=True),
            Sentence(2, "Then it slept.", 1, footnotes=("1",)),
            Sentence(3, "It dreamt of mice.", 1),
            Sentence(4, "A tab\there, a quote ' there.", 2, footnotes=("*", "2")),
            Sentence(5, "The end.", 2),
            Sentence(6, "Only in English.", 3),
        ),
        lang="en",
        path="/texts/en.txt",
        sha256="a" * 64,
        role="translation",
    )
    tgt = Side(
        sentences=(
            Sentence(0, "Кошка сидела на коврике.", 0),
            Sentence(1, "Она была счастлива.", 0),
            Sentence(2, "Потом она уснула, и ей снились мыши.", 1),
            Sentence(3, "Табуляция и кавычка.", 2),
            Sentence(4, "Здесь.", 2),
            Sentence(5, "Конец.", 2),
            Sentence(6, "Только по-русски.", 3),
        ),
        lang="ru",
        path="/texts/ru.txt",
        sha256="b" * 64,
        role="original",
    )
    beads = (
        Bead((0, 1), (0,), 0.91, ("merge",)),  # 2-1
        Bead((2, 3), (1, 2), 0.42, ("merge", "low-confidence")),  # 2-2
        Bead((4,), (3, 4), 0.77, ("merge", "footnote")),  # 1-2
        Bead((5,), (5,), 0.99),  # 1-1
        Bead((6,), (), 0.30, ("src-only", "low-confidence")),  # 1-0
        Bead((), (6,), 0.25, ("tgt-only",)),  # 0-1
    )
    return Alignment(
        src=src,
        tgt=tgt,
        beads=beads,
        model="use-multilingual-v3@0.2.1",
        created="2024-05-01T12:00:00+00:00",
        tool_version="0.1.0",
        extra={"note": "hand-made", "params": "x=1"},
    )


def test_round_trip(tmp_path):
    alignment = make_alignment()
    path = tmp_path / "a.parquet"
    store.write_parquet(alignment, path)
    assert store.read_parquet(path) == alignment


def test_round_trip_empty_extra_and_no_beads(tmp_path):
    alignment = make_alignment()
    alignment = Alignment(alignment.src, alignment.tgt, (), "m")
    path = tmp_path / "empty.parquet"
    store.write_parquet(alignment, path)
    assert store.read_parquet(path) == alignment


def test_columns_and_metadata(tmp_path):
    alignment = make_alignment()
    path = tmp_path / "a.parquet"
    store.write_parquet(alignment, path)
    table = pq.read_table(path)
    assert table.column_names == ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "kind", "flags",
                                  "src_tokens", "tgt_tokens", "links", "src_gaps", "tgt_gaps",
                                  "chapter", "note", "tags"]
    rows = table.to_pylist()
    assert [r["bead"] for r in rows] == list(range(6))
    assert [r["kind"] for r in rows] == ["2-1", "2-2", "1-2", "1-1", "1-0", "0-1"]
    assert rows[0]["src_ids"] == [0, 1] and rows[0]["tgt_ids"] == [0]
    assert rows[0]["src_text"] == 'The cat sat on the mat. It was <happy> & "calm".'
    assert rows[0]["tgt_text"] == "Кошка сидела на коврике."
    assert rows[4]["tgt_text"] == "" and rows[4]["tgt_ids"] == []
    assert rows[5]["src_text"] == "" and rows[5]["src_ids"] == []
    assert rows[1]["flags"] == ["merge", "low-confidence"]
    assert rows[1]["score"] == pytest.approx(0.42)
    meta = json.loads(table.schema.metadata[b"align"])
    assert meta["model"] == "use-multilingual-v3@0.2.1"
    assert meta["tool_version"] == "0.1.0"
    assert meta["created"] == "2024-05-01T12:00:00+00:00"
    assert meta["src"]["sha256"] == "a" * 64 and meta["tgt"]["sha256"] == "b" * 64
    assert meta["src"]["lang"] == "en" and meta["tgt"]["role"] == "original"


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "out" / "a.parquet"
    path.parent.mkdir()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", broken_replace)
    with pytest.raises((AlignError, OSError)):
        store.write_parquet(make_alignment(), path)
    assert _leftovers(path.parent) == []


def test_failed_write_midway_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"
    real_fdopen = store.os.fdopen

    class Half:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(store.os, "fdopen", lambda fd, mode: Half(real_fdopen(fd, mode)))
    with pytest.raises((AlignError, OSError)):
        store.write_parquet(make_alignment(), path)
    assert _leftovers(tmp_path) == []


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"
    store.write_parquet(make_alignment(), path)
    before = path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_parquet(make_alignment(), path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == ["a.parquet"]


def test_failed_serialisation_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(store.pq, "write_table", broken)
    with pytest.raises(RuntimeError):
        store.write_parquet(make_alignment(), path)
    assert _leftovers(tmp_path) == []


def test_write_into_a_directory_is_refused(tmp_path):
    folder = tmp_path / "a.parquet"
    folder.mkdir()
    with pytest.raises(AlignError) as error:
        store.write_parquet(make_alignment(), folder)
    assert str(folder) in str(error.value)
    assert _leftovers(tmp_path) == ["a.parquet"] and _leftovers(folder) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is text\n", b"PAR1" + b"\x00" * 20 + b"PAR1", "Привет".encode()],
    ids=["empty", "text", "fake-magic", "russian"],
)
def test_read_non_parquet(tmp_path, content):
    path = tmp_path / "x.parquet"
    path.write_bytes(content)
    with pytest.raises(AlignError) as error:
        store.read_parquet(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_read_foreign_parquet(tmp_path):
    import pyarrow as pa

    path = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), path)
    with pytest.raises(AlignError, match="not an alignment file"):
        store.read_parquet(path)


def test_read_missing_and_directory(tmp_path):
    with pytest.raises(AlignError, match="no such file"):
        store.read_parquet(tmp_path / "missing.parquet")
    with pytest.raises(AlignError, match="directory"):
        store.read_parquet(tmp_path)


def test_files_written_together_all_or_none(tmp_path, monkeypatch):
    first, second = tmp_path / "a.parquet", tmp_path / "a.tsv"
    first.write_bytes(b"old alignment")
    second.write_bytes(b"old table")
    real_replace = store.os.replace
    calls = []

    def recording_replace(src, dst):
        calls.append(dst)
        real_replace(src, dst)

    def failing_write(path, payload):
        if path == second:
            raise OSError(28, "No space left on device")
        return real_stage(path, payload)

    real_stage = store._stage
    monkeypatch.setattr(store, "_stage", failing_write)
    monkeypatch.setattr(store.os, "replace", recording_replace)
    with pytest.raises(AlignError, match="No space left"):
        store.write_all({first: b"new alignment", second: b"new table"})
    assert calls == []  # the second file failed while staged: nothing was renamed into place
    assert first.read_bytes() == b"old alignment" and second.read_bytes() == b"old table"
    assert _leftovers(tmp_path) == ["a.parquet", "a.tsv"]


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-fifo"])
def test_special_files_are_refused_as_outputs(tmp_path, kind):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    path = fifo if kind == "fifo" else tmp_path / "link.parquet"
    if kind != "fifo":
        path.symlink_to(fifo)
    with pytest.raises(AlignError, match="not a regular file"):
        store.write_parquet(make_alignment(), path)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_read_only_place_is_refused_before_writing(open_dir):
    # as an ordinary user even under root (CI), so that the permission really applies
    folder = open_dir / "locked"
    folder.mkdir()
    folder.chmod(0o555)

    def check() -> str:
        try:
            store.check_output(folder / "a.parquet")
        except AlignError as error:
            return str(error)
        return "accepted"

    assert "cannot write" in as_unprivileged(check)
    with pytest.raises(AlignError, match="cannot write"):
        store.check_output("/proc/a.parquet")  # refused even to root


def _rewritten(tmp_path, change) -> Path:
    """The test alignment stored, with its table or metadata changed by `change`."""
    path = tmp_path / "a.parquet"
    store.write_parquet(make_alignment(), path)
    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[b"align"])
    table, meta = change(table, meta)
    pq.write_table(table.replace_schema_metadata({b"align": json.dumps(meta)}), path)
    return path


def _column(table, name, values):
    import pyarrow as pa

    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type))


def _words(table, gaps):
    """Word links on every bead: one token a side, linked, with these source gaps."""
    for name, values in (("src_tokens", [["a"]] * 6), ("tgt_tokens", [["b"]] * 6), ("links", [[[0, 0]]] * 6),
                         ("tgt_gaps", [[]] * 6), ("src_gaps", gaps)):
        table = _column(table, name, values)
    return table


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda t, m: (_column(t, "src_ids", [[0, 1], [2, 3], [40], [5], [6], []]), m), "does not exist"),
        (lambda t, m: (_column(t, "tgt_ids", [[0], [1, 2], [3, -4], [5], [], [6]]), m), "does not exist"),
        (lambda t, m: (_column(t, "score", [0.9, None, 0.7, 0.9, 0.3, 0.2]), m), "score"),
        (lambda t, m: (_column(t, "score", [0.9, 1.5, 0.7, 0.9, 0.3, 0.2]), m), "score"),
        (lambda t, m: (t, {**m, "src": {**m["src"], "lang": None}}), "language"),
        (lambda t, m: (_column(t, "flags", [[], None, [], [], [], []]), m), "not an alignment"),
        (lambda t, m: (t, {**m, "model": 5}), "model"),
        (lambda t, m: (t, {**m, "extra": "str"}), "extra"),
        (lambda t, m: (t, {**m, "src": {**m["src"], "path": None}}), "path"),
        (lambda t, m: (t, {**m, "created": "\ud800"}), "not an alignment"),
        (lambda t, m: (t, []), "not an alignment"),
        (lambda t, m: (_words(t, [[[0, 2147483647]]] + [[]] * 5), m), "outside its tokens"),
        (lambda t, m: (_words(t, [[[-1, 1]]] + [[]] * 5), m), "outside its tokens"),
    ],
    ids=["src-id-out-of-range", "negative-tgt-id", "null-score", "score-above-one", "null-language", "null-flags",
         "model-a-number", "extra-a-string", "null-path", "lone-surrogate", "metadata-a-list", "gap-of-2e9-tokens",
         "negative-gap"],
)
def test_a_readable_but_invalid_alignment_is_refused(tmp_path, change, reason):
    path = _rewritten(tmp_path, change)
    with pytest.raises(AlignError, match=reason) as error:
        store.read_parquet(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_round_trip_chapters_notes_and_review(tmp_path):
    alignment = make_alignment()
    heading = replace(alignment.src.sentences[0], heading=True, chapter=1)
    rest = tuple(replace(s, chapter=1) for s in alignment.src.sentences[1:])
    src = replace(alignment.src, sentences=(heading, *rest), notes=(Note("1", "A note."),),
                  apparatus=("Project Gutenberg licence",))
    beads = (replace(alignment.beads[0], note="a calque", tags=("calque",)), *alignment.beads[1:])
    alignment = replace(alignment, src=src, beads=beads)
    path = tmp_path / "a.parquet"
    store.write_parquet(alignment, path)
    assert store.read_parquet(path) == alignment
    rows = pq.read_table(path).to_pylist()
    assert rows[0]["chapter"] == 1 and rows[0]["note"] == "a calque" and rows[0]["tags"] == ["calque"]
    assert src.chapters == (0,)


def test_an_alignment_file_larger_than_the_bound_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "a.parquet"
    store.write_parquet(make_alignment(), path)
    monkeypatch.setattr(store, "MAX_FILE_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    with pytest.raises(AlignError, match="larger than"):
        store.read_parquet(path)


def test_a_failed_rename_puts_back_the_outputs_already_replaced(tmp_path, monkeypatch):
    first, second = tmp_path / "keep.parquet", tmp_path / "b.tmx"
    first.write_text("old first")
    second.write_text("old second")
    real = os.replace

    def failing(source, target):
        if Path(target) == second:
            raise OSError(1, "Operation not permitted")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(AlignError, match="cannot write"):
        store.write_all({first: "new first", second: "new second"})
    assert (first.read_text(), second.read_text()) == ("old first", "old second")
    assert _leftovers(tmp_path) == ["b.tmx", "keep.parquet"]


def test_ctrl_c_during_the_renames_waits_till_every_output_is_in_place(tmp_path, monkeypatch):
    import signal

    first, second = tmp_path / "a.tsv", tmp_path / "b.tmx"
    first.write_text("old")
    second.write_text("old")
    real = os.replace

    def interrupted(source, target):
        real(source, target)
        if Path(target) == first:
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_all({first: "new", second: "new"})
    assert (first.read_text(), second.read_text()) == ("new", "new")  # both, then the interruption
    assert _leftovers(tmp_path) == ["a.tsv", "b.tmx"]


def test_an_output_that_cannot_be_replaced_is_refused_before_any_work(tmp_path):
    import shutil
    import subprocess

    locked = tmp_path / "locked.tmx"
    locked.write_text("keep me")
    if os.geteuid() != 0 or not shutil.which("chattr") or subprocess.run(
            ["chattr", "+i", str(locked)], capture_output=True).returncode:
        pytest.skip("needs root and a file system with immutable files")
    try:
        with pytest.raises(AlignError, match="cannot be replaced"):
            store.check_output(locked)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert locked.read_text() == "keep me"


def test_a_read_only_output_is_kept_even_for_root(tmp_path):
    kept = tmp_path / "kept.parquet"
    kept.write_text("keep me")
    kept.chmod(0o444)  # made read-only to keep it: a rename would replace it without asking
    with pytest.raises(AlignError, match="is read-only"):
        store.check_output(kept)
    assert kept.read_text() == "keep me"


def test_an_output_named_as_a_folder_is_refused(tmp_path):
    with pytest.raises(AlignError, match="names a folder"):
        store.check_output(f"{tmp_path}/out.parquet/")
    with pytest.raises(AlignError, match="an empty output path"):  # not ".: is a directory"
        store.check_output("")


def test_a_new_file_gets_the_umask_mode_and_the_umask_is_never_changed(tmp_path, monkeypatch):
    old = os.umask(0o027)
    try:
        monkeypatch.setattr(os, "umask", lambda mask: pytest.fail("umask changed (not thread-safe)"))
        store.write_atomically(tmp_path / "new.tsv", "x")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.tsv").stat().st_mode) == 0o640


def test_a_text_whose_file_name_is_not_utf8_is_stored(tmp_path):
    alignment = make_alignment()
    alignment = replace(alignment, src=replace(alignment.src, path=os.fsdecode(b"/texts/\xe9t\xe9.txt")))
    store.write_parquet(alignment, tmp_path / "a.parquet")
    assert store.read_parquet(tmp_path / "a.parquet").src.path == "/texts/\ufffdt\ufffd.txt"
