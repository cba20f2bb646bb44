"""Storage: an Alignment survives a Parquet round trip; a failed write leaves nothing behind."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from align import store
from align.records import AlignError, Alignment, Bead, Sentence, Side


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
                                  "src_tokens", "tgt_tokens", "links", "src_gaps", "tgt_gaps"]
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
