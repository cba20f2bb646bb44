"""align batch: a library aligned on local processes or on Ray, skipping current works, reporting
failures without stopping, surviving a worker killed mid-batch; and the search across the library."""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import batch_faults
import pyarrow.parquet as pq
import pytest

from align import batch, corpus, library, pipeline, store
from align.embed import load_embedder
from align.records import AlignError

WORKS = {
    "berlioz": (
        "Berlioz was the editor of a thick literary journal. He asked for some seltzer water. "
        "The sun was setting over the ponds.",
        "Берлиоз был редактором толстого литературного журнала. Он попросил нарзану. "
        "Солнце садилось над прудами.",
    ),
    "garden": (
        "The garden was full of roses. My grandmother watered them every morning. Nobody else was allowed in.",
        "Сад был полон роз. Бабушка поливала их каждое утро. Больше никого туда не пускали.",
    ),
    "train": (
        "The train left the station at noon. We watched the fields go by. By evening we were in the mountains.",
        "Поезд ушёл со станции в полдень. Мы смотрели, как проносятся поля. К вечеру мы были в горах.",
    ),
}


def make_library(root: Path, works: dict[str, tuple[str, str]] = WORKS) -> Path:
    """Works in the texts/ layout: a folder each with en.txt, ru.txt and meta.json."""
    for name, (en, ru) in works.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "en.txt").write_text(en, encoding="utf-8")
        (folder / "ru.txt").write_text(ru, encoding="utf-8")
        texts = [{"file": "en.txt", "lang": "en", "role": "translation"}, {"file": "ru.txt", "lang": "ru", "role": "original"}]
        (folder / "meta.json").write_text(json.dumps({"id": name, "title": name, "texts": texts}), encoding="utf-8")
    return root


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "align", *args], capture_output=True, text=True, timeout=600)


def beads(folder: Path) -> list[tuple]:
    table = pq.read_table(corpus.load_work(folder).alignment_path, columns=["src_ids", "tgt_ids"]).to_pylist()
    return [(tuple(row["src_ids"]), tuple(row["tgt_ids"])) for row in table]


def expected(folder: Path) -> list[tuple]:
    """What aligning the work directly, in this process, gives."""
    return [(b.src, b.tgt) for b in pipeline.align_work(corpus.load_work(folder)).beads]


def report(root: Path) -> dict[str, dict[str, str]]:
    lines = (root / batch.REPORT).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {row[0]: dict(zip(header, row)) for row in (line.split("\t") for line in lines[1:])}


def test_local_batch_reports_a_broken_work_and_aligns_the_others(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    (root / "garden" / "ru.txt").write_bytes(b"\x00\x01\x02 not a text \x00")  # unreadable as text
    (root / "notes").mkdir()
    (root / "notes" / "meta.json").write_text("{", encoding="utf-8")
    done = cli("batch", str(root), "--workers", "2")
    assert done.returncode == 1, done.stderr  # some work failed: not a clean run, not bad input
    rows = report(root)
    assert {name: row["status"] for name, row in rows.items()} == {
        "berlioz": "aligned", "garden": "failed", "notes": "failed", "train": "aligned"}
    assert "binary file" in rows["garden"]["error"]
    assert "no readable meta.json" in rows["notes"]["error"]
    assert "garden\tfailed" in done.stdout
    assert not list((root / "garden").glob("*.parquet*"))  # nothing half-written
    for name in ("berlioz", "train"):
        assert beads(root / name) == expected(root / name)
        assert int(rows[name]["beads"]) == len(beads(root / name))


def test_second_run_skips_current_works_and_redoes_a_changed_one(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    assert {o.status for o in batch.run_batch(root, workers=1)} == {"aligned"}
    (root / "train" / "en.txt").write_text(WORKS["train"][0] + " Snow lay on the peaks.", encoding="utf-8")
    outcomes = {o.work: o.status for o in batch.run_batch(root, workers=1)}
    assert outcomes == {"berlioz": "skipped", "garden": "skipped", "train": "aligned"}
    assert {o.work: o.status for o in batch.run_batch(root, workers=1)} == dict.fromkeys(WORKS, "skipped")
    assert beads(root / "train") == expected(root / "train")
    # another model makes every stored alignment outdated
    pair = corpus.load_work(root / "train")
    assert library.is_current(pair, None) and not library.is_current(pair, "some-other-model")


def test_local_pool_survives_a_killed_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib")
    marker = tmp_path / "attempted"
    monkeypatch.setenv(batch_faults.CRASH, f"garden:{marker}")
    monkeypatch.setattr(batch, "_align_here", batch_faults.crash_once)
    outcomes = batch.run_batch(root, workers=2)
    assert marker.exists()  # the worker did die once
    assert [o.status for o in outcomes] == ["aligned"] * 3
    assert beads(root / "garden") == expected(root / "garden")


@pytest.mark.parametrize(
    "args, message",
    [
        (["batch", "{tmp}/missing"], "no such directory"),
        (["batch", "{tmp}"], "no works under it"),
        (["batch", "{lib}", "--workers", "0"], "--workers must be at least 1"),
        (["batch", "{lib}", "--address", "auto"], "use it with --engine ray"),
        (["search", "x", "--library", "{tmp}/missing"], "no such directory"),
        (["search", "x", "--library", "{lib}"], "no stored alignments to search"),
        (["batch", "{lib}/berlioz/en.txt"], "not a directory"),
        (["search", "x", "--library", "{lib}", "--limit", "0"], "--limit must be at least 1"),
        (["batch", "{lib}", "--model", "{tmp}/no-model"], "no such folder"),  # refused once, not in every worker
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    lib = make_library(tmp_path / "lib")
    (tmp_path / "empty").mkdir()
    done = cli(*(a.format(tmp=tmp_path / "empty", lib=lib) for a in args))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_ray_engine_without_ray_names_the_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_ray(name: str, *args, **kwargs):
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(AlignError, match=r"pip install 'align\[ray\]'"):
        batch.run_batch(make_library(tmp_path / "lib"), engine="ray")


def test_ray_address_nobody_answers_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    done = cli("batch", str(make_library(tmp_path / "lib")), "--engine", "ray", "--address", "127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == "align: error: cannot join a Ray cluster: nothing answers at 127.0.0.1:1"


def test_default_install_does_not_pull_ray() -> None:
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "ray" not in dependencies and "duckdb" not in dependencies
    assert 'ray = ["ray>=2.9"]' in text


# --- the library: its works and one search across them ------------------------------------------


@pytest.fixture(scope="module")
def aligned_library(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    root = make_library(tmp_path_factory.mktemp("library") / "lib")
    embedder = load_embedder()
    for folder in library.work_folders(root):
        assert batch.align_work(folder, embedder, None).status == "aligned"
    return root


def test_works_list_languages_sizes_and_state(aligned_library: Path, tmp_path: Path) -> None:
    found = {w.id: w for w in library.works(aligned_library)}
    assert set(found) == set(WORKS)
    berlioz = found["berlioz"]
    assert berlioz.langs == ("ru", "en") and berlioz.state == "aligned" and berlioz.beads == 3  # the original first
    assert berlioz.sizes == tuple(len(text.encode()) for text in reversed(WORKS["berlioz"]))
    fresh = make_library(tmp_path / "fresh", {"new": WORKS["train"]})
    assert [w.state for w in library.works(fresh)] == ["not aligned"]


def test_search_words_finds_the_work_with_both_texts(aligned_library: Path) -> None:
    pytest.importorskip("duckdb")
    hits = library.search_text(aligned_library, "Berlioz").hits
    assert [(h.work, h.bead) for h in hits] == [("berlioz", 0)]
    assert hits[0].texts == ("Берлиоз был редактором толстого литературного журнала.",
                             "Berlioz was the editor of a thick literary journal.")
    assert hits[0].spans == ((), ((0, 7),))
    assert [h.work for h in library.search_text(aligned_library, "каждое БАБУШКА").hits] == ["garden"]  # all words, any case
    assert [h.work for h in library.search_text(aligned_library, "roses grandmother").hits] == []  # not in one bead side
    assert [(h.work, h.bead) for h in library.search_text(aligned_library, r"^(The \w+ left|By evening)", regex=True).hits] == [
        ("train", 0), ("train", 2)]


def test_library_hits_page_through_all_of_them(aligned_library: Path) -> None:
    pytest.importorskip("duckdb")
    every = library.search_text(aligned_library, "the", limit=100)
    assert every.total == len(every.hits) > 3
    pages = [library.search_text(aligned_library, "the", offset=k, limit=2) for k in range(0, every.total, 2)]
    assert all(page.total == every.total for page in pages)
    assert [h for page in pages for h in page.hits] == list(every.hits)
    regex_pages = [library.search_text(aligned_library, "the", regex=True, offset=k, limit=2).hits for k in (0, 2)]
    assert len(regex_pages[0]) == 2 and regex_pages[0][0] != regex_pages[1][0]
    huge = library.search_text(aligned_library, "the", regex=True, limit=10**20)  # past DuckDB's BIGINT
    assert huge.total == len(huge.hits) == len(library.search_text(aligned_library, "the", regex=True, limit=100).hits)


@pytest.mark.parametrize("pattern, message", [
    ("(unclosed", "not a valid regular expression: missing ): (unclosed"),
    ("[z-a]", "not a valid regular expression: invalid character class range: z-a"),
    ("(?:a{3000}){3000}", "the expression is too large: its repeats come to 9,003,000 characters; at most 10,000"),
])
def test_a_bad_library_regex_is_one_clear_line(aligned_library: Path, pattern: str, message: str) -> None:
    pytest.importorskip("duckdb")
    with pytest.raises(AlignError) as error:
        library.search_text(aligned_library, pattern, regex=True)
    assert str(error.value) == message


def test_library_word_search_finds_every_form(aligned_library: Path) -> None:
    pytest.importorskip("duckdb")
    hits = library.search_text(aligned_library, "бабушки").hits  # the text has "бабушка"
    assert [h.work for h in hits] == ["garden"]
    text, spans = next((t, s) for t, s in zip(hits[0].texts, hits[0].spans) if s)
    assert [text[a:b].lower() for a, b in spans] == ["бабушка"]


def test_search_by_meaning_across_works(aligned_library: Path) -> None:
    index = library.meaning_index(aligned_library)
    best = library.search_meaning(aligned_library, index, "поезд на вокзале")
    assert (best.hits[0].work, best.hits[0].bead) == ("train", 0)
    assert len(best.hits[0].texts) == 2 and all(best.hits[0].texts)
    again = library.meaning_index(aligned_library)  # from the cache of this library state
    assert library.search_meaning(aligned_library, again, "поезд на вокзале") == best


def test_a_work_whose_model_is_not_here_leaves_the_others_searched_by_meaning(aligned_library: Path, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(aligned_library, root)
    path = corpus.load_work(root / "garden").alignment_path
    store.write_parquet(replace(store.read_parquet(path), model="a-model-not-here"), path)
    found = library.search_meaning(root, library.meaning_index(root), "поезд на вокзале")
    assert (found.hits[0].work, found.hits[0].bead) == ("train", 0)  # it had failed for every work
    assert "a-model-not-here were not searched" in found.why


def test_gibberish_finds_nothing_in_the_library_and_says_why(aligned_library: Path) -> None:
    index = library.meaning_index(aligned_library)
    found = library.search_meaning(aligned_library, index, "asdfghjkl qwerty")
    assert found.hits == () and found.total == 0
    assert found.why.startswith("nothing close enough in meaning: the closest bead scores ")


# --- Ray: slow, skipped when Ray is not installed -----------------------------------------------


@pytest.mark.slow
def test_ray_batch_survives_a_killed_worker(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    root = make_library(tmp_path / "lib", {**WORKS, "broken": WORKS["garden"]})
    (root / "broken" / "en.txt").unlink()
    marker = tmp_path / "attempted"
    crashing = ("import sys, batch_faults; from align import batch, cli; "
                "batch._RayWorker = batch_faults.CrashingRayWorker; sys.exit(cli.main(sys.argv[1:]))")
    path = os.pathsep.join([str(Path(__file__).parent), str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", crashing, "batch", str(root), "--engine", "ray", "--workers", "2"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, batch_faults.CRASH: f"berlioz:{marker}", "PYTHONPATH": path},
    )
    assert done.returncode == 1, done.stderr  # the broken work failed, and only it
    assert marker.exists()  # the worker holding berlioz was killed once, mid-batch
    rows = report(root)
    assert {name: row["status"] for name, row in rows.items()} == {**dict.fromkeys(WORKS, "aligned"), "broken": "failed"}
    assert "no such file" in rows["broken"]["error"]
    for name in WORKS:
        assert beads(root / name) == expected(root / name)


def test_cli_search_prints_scores_totals_and_why(aligned_library: Path) -> None:
    done = cli("search", "поезд на вокзале", "--meaning", "--library", str(aligned_library))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0].split("\t")
    assert first[:2] == ["train", "0"] and 0.4 < float(first[2]) <= 1 and len(first) == 5
    none = cli("search", "asdfghjkl qwerty", "--meaning", "--library", str(aligned_library))
    assert none.returncode == 0 and none.stdout == ""
    assert none.stderr.startswith("0 beads: nothing close enough in meaning")
    pytest.importorskip("duckdb")
    some = cli("search", "the", "--library", str(aligned_library), "--limit", "2")
    assert len(some.stdout.splitlines()) == 2 and re.match(r"2 of \d+ beads", some.stderr)


# --- a bad work never stops the others; nothing written outside a work; no hang ------------------


def hostile_library(root: Path) -> Path:
    """Three good works beside one of each kind that broke a batch."""
    make_library(root, {**WORKS, "deep": WORKS["train"], "listed": WORKS["train"], "linked": WORKS["train"],
                        "fifo": WORKS["train"], "odd": WORKS["train"]})
    (root / "deep" / "meta.json").write_text("[" * 100_000 + "]" * 100_000)
    import pyarrow as pa

    pq.write_table(pa.table({"bead": [0]}).replace_schema_metadata({b"align": b"[]"}),
                   corpus.load_work(root / "listed").alignment_path)
    (root / "linked" / "ru.en.parquet").symlink_to("en.txt")  # would overwrite the text
    os.mkfifo(root / "fifo" / "ru.en.parquet")
    os.rename(root / "odd", os.path.join(os.fsencode(root), b"odd-\xff"))
    return root


def test_hostile_works_are_reported_and_the_others_aligned(tmp_path: Path) -> None:
    root = hostile_library(tmp_path / "lib")
    english = (root / "linked" / "en.txt").read_bytes()
    done = cli("batch", str(root), "--workers", "1")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    rows = report(root)
    statuses = {name: row["status"] for name, row in rows.items()}
    assert statuses == {**dict.fromkeys(WORKS, "aligned"), "deep": "failed", "fifo": "failed", "linked": "failed",
                        "listed": "failed", "odd-\ufffd": "aligned"}
    assert "not an alignment" in rows["listed"]["error"]  # damaged: kept for the user to look at, not replaced unread
    assert "nested too deeply" in rows["deep"]["error"]
    assert "symbolic link" in rows["linked"]["error"] and "regular file" in rows["fifo"]["error"]
    assert (root / "linked" / "en.txt").read_bytes() == english
    listing = {w.id: w.state for w in library.works(root)}  # neither hangs nor stops at a bad work
    assert "symbolic link" in listing["linked"] and "regular file" in listing["fifo"]
    assert library.stored(root).keys() == {*WORKS, os.fsdecode(b"odd-\xff")}


def test_an_interrupted_batch_stops_its_workers_and_writes_its_report(tmp_path: Path, monkeypatch) -> None:
    import signal
    import threading
    import time

    root = make_library(tmp_path / "lib")
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv(batch_faults.SLOW, str(pids))
    monkeypatch.setattr(batch, "_align_here", batch_faults.slowly)

    def interrupt_when_busy() -> None:
        while not any(pids.iterdir()):
            time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGINT)  # to the process, as Ctrl-C: the main thread takes it

    threading.Thread(target=interrupt_when_busy, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        batch.run_batch(root, workers=2)
    assert time.monotonic() - start < 45  # not the 60 s each work takes
    assert set(row["status"] for row in report(root).values()) == {"interrupted"}
    time.sleep(1)
    for pid in pids.iterdir():
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid.name), 0)  # no worker left behind


def test_workers_are_at_most_the_cores_and_share_them(tmp_path: Path, monkeypatch) -> None:
    seen = {}

    class Refused(Exception):
        pass

    def pool(workers, context, initializer, initargs):
        seen.update(workers=workers, threads=initargs[1])
        raise Refused

    monkeypatch.setattr(batch, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    with pytest.raises(Refused):
        batch.run_batch(make_library(tmp_path / "lib"), workers=1000)
    assert seen == {"workers": 3, "threads": 1}  # three works, four cores
    with pytest.raises(Refused):
        batch.run_batch(tmp_path / "lib", workers=2)
    assert seen == {"workers": 2, "threads": 2}


def test_corrections_are_never_dropped_without_force(aligned_library: Path, tmp_path: Path) -> None:
    import shutil

    from align import edit

    root = tmp_path / "lib"
    shutil.copytree(aligned_library / "garden", root / "garden")
    path = corpus.load_work(root / "garden").alignment_path
    edit.apply_edit(path, lambda a: edit.set_verified(a, 0))
    (root / "garden" / "en.txt").write_text(WORKS["garden"][0] + " One more sentence.", encoding="utf-8")
    kept = path.read_bytes()
    rows = {o.work: o for o in batch.run_batch(root, workers=1)}
    assert rows["garden"].status == "failed" and "corrected by hand" in rows["garden"].error
    assert path.read_bytes() == kept


def test_a_work_with_a_language_left_to_detection_is_current_once_aligned(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"train": WORKS["train"]})
    meta = json.loads((root / "train" / "meta.json").read_text())
    meta["texts"][0]["lang"] = None
    (root / "train" / "meta.json").write_text(json.dumps(meta))
    embedder = load_embedder()
    assert batch.align_work(root / "train", embedder, None).status == "aligned"
    assert library.is_current(corpus.load_work(root / "train"), None)


def test_the_report_is_tsv_that_csv_reads_back(tmp_path: Path) -> None:
    import csv

    outcomes = [batch.Outcome("a\twork", "failed", 0.0, 0, 0, 'a "quoted"\terror\nover lines')]
    rows = list(csv.reader(batch.format_report(outcomes).splitlines(keepends=True), dialect="excel-tab"))
    assert rows[1] == ["a\twork", "failed", "0.0", "0", "0", 'a "quoted"\terror\nover lines']


def test_the_report_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"train": WORKS["train"]})
    (tmp_path / "precious").write_text("keep me")
    (root / batch.REPORT).symlink_to(tmp_path / "precious")
    with pytest.raises(AlignError, match="symbolic link"):
        batch.run_batch(root, workers=1)
    assert (tmp_path / "precious").read_text() == "keep me"


def test_a_text_linked_under_the_alignment_name_is_never_replaced(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"w": WORKS["train"]})
    folder = root / "w"
    (folder / "ru.txt").rename(folder / "x.en.parquet")  # the original, under the name the alignment of x + en takes
    (folder / "x.txt").symlink_to("x.en.parquet")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["texts"][1]["file"] = "x.txt"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    before = (folder / "x.en.parquet").read_bytes()
    outcome = batch.run_batch(root)[0]
    assert outcome.status == "failed" and "would replace its text x.txt" in outcome.error
    assert (folder / "x.en.parquet").read_bytes() == before


def test_a_file_of_the_users_at_the_alignments_place_is_kept(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"w": WORKS["train"]})
    notes = root / "w" / "ru.en.parquet"
    notes.write_text("my notes, not an alignment", encoding="utf-8")
    outcome = batch.run_batch(root)[0]
    assert outcome.status == "failed" and "not an alignment" in outcome.error
    assert notes.read_text(encoding="utf-8") == "my notes, not an alignment"
    done = cli("corpus", str(root / "w"))
    assert done.returncode == 2 and "not an alignment" in done.stderr and len(done.stderr.splitlines()) == 1
    assert notes.read_text(encoding="utf-8") == "my notes, not an alignment"


def test_a_damaged_alignment_is_named_not_silently_left_out_of_search(aligned_library: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    root = tmp_path / "lib"
    shutil.copytree(aligned_library, root)
    path = corpus.load_work(root / "garden").alignment_path
    path.write_bytes(path.read_bytes()[:500])
    done = cli("search", "the", "--library", str(root))
    assert done.returncode == 0 and "garden" not in done.stdout
    assert f"{path}: not a readable alignment" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["   "], "no query"),
    (["12345 !!!", "--meaning"], "a search by meaning needs words"),
])
def test_a_refused_query_is_exit_2(aligned_library: Path, args: list[str], message: str) -> None:
    done = cli("search", *args, "--library", str(aligned_library))
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1


def test_search_lines_stay_one_a_hit_whatever_a_works_name_holds(aligned_library: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    root = tmp_path / "lib"
    shutil.copytree(aligned_library / "train", root / "tab\there")
    done = cli("search", "noon", "--library", str(root))
    assert done.returncode == 0 and done.stdout.splitlines()[0].split("\t")[:2] == ["tab\\there", "0"]


def test_a_linked_work_folder_is_known_by_its_own_name_and_an_alias_once(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    root = make_library(tmp_path / "lib", {"train": WORKS["train"]})
    elsewhere = make_library(tmp_path / "elsewhere", {"train": WORKS["garden"]})  # another work, a folder of the same name
    (root / "other").symlink_to(elsewhere / "train")
    (root / "zz-alias").symlink_to("train")
    outcomes = batch.run_batch(root)
    assert [(o.work, o.status) for o in outcomes] == [("other", "aligned"), ("train", "aligned")]
    assert [(h.work, h.bead) for h in library.search_text(root, "roses").hits] == [("other", 0)]
    assert [(h.work, h.bead) for h in library.search_text(root, "noon").hits] == [("train", 0)]


def test_an_alignment_changed_while_its_work_is_aligned_is_not_written_over(tmp_path: Path, cache_dir: Path) -> None:
    root = make_library(tmp_path / "lib", {"train": WORKS["train"]})
    embedder = load_embedder()
    planned = batch.stored_state(corpus.load_work(root / "train").alignment_path)  # none stored when planned
    assert batch.align_work(root / "train", embedder, planned).status == "aligned"  # ... say, by the reading room
    path = corpus.load_work(root / "train").alignment_path
    corrected = path.read_bytes()
    late = batch.align_work(root / "train", embedder, planned)  # the batch's own, planned before that
    assert late.status == "failed" and "changed while the work was being aligned" in late.error
    assert path.read_bytes() == corrected
    assert batch.align_work(root / "train", embedder, batch.stored_state(path)).status == "aligned"
