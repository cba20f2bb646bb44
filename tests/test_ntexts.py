"""N texts end to end: `align run` with three texts, the Parquet round trip, every export, the
beads between chosen texts, and on dev data the same quality per pair as aligning it alone."""

from __future__ import annotations

import csv
import io
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_cli import EN, RU, align, assert_clean_failure
from test_multi import random_pairs

from align import export, multi, store
from align.evaluate import parse_beads, score
from align.records import AlignError

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DE = """Das alte Haus stand am Ende der Straße. Seit Jahren hatte niemand dort gewohnt.

Eines Morgens öffnete ein Mädchen das Tor. Sie ging zur Tür und klopfte dreimal. Es war still.

Niemand antwortete. Sie ging nach Hause und erzählte ihrer Mutter alles.
"""
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name, text in (("en.txt", EN), ("ru.txt", RU), ("de.txt", DE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.fixture
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def merged(seed: int = 0):
    return multi.merge(random_pairs(random.Random(seed), 4))


@pytest.mark.parametrize("seed", range(20))
def test_parquet_round_trip_of_n_texts(tmp_path: Path, seed: int) -> None:
    alignment = merged(seed)
    store.write_parquet(alignment, tmp_path / "a.parquet")
    assert store.read_parquet(tmp_path / "a.parquet") == alignment


def test_two_texts_keep_their_schema_and_n_texts_add_columns(tmp_path: Path) -> None:
    two = multi.merge(random_pairs(random.Random(5), 2))
    words = ["src_tokens", "tgt_tokens", "links", "src_gaps", "tgt_gaps"]
    review = ["chapter", "note", "tags"]
    assert store.to_table(two).column_names == ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "kind", "flags",
                                                 *words, *review]
    names = store.to_table(merged()).column_names
    # each further text: its bead with the pivot, and that bead's word links
    assert [n for n in names[8:] if n not in words + review] == [
        f"{c}_{k}" for k in (2, 3) for c in ("ids", "text", "score", "kind", "flags", *words)]


def test_every_export_has_a_column_per_text() -> None:
    alignment = merged(3)
    rows = list(csv.reader(io.StringIO(export.to_csv(alignment))))
    assert rows[0][:9] == ["bead", "src_ids", "tgt_ids", "ids_2", "ids_3", "p", "t1", "t2_2", "t3_3"]
    assert len(rows) == len(alignment.beads) + 1
    for row, bead in zip(rows[1:], alignment.beads):
        assert row[1:5] == [" ".join(map(str, ids)) for ids in bead.columns]
    root = ET.fromstring(export.to_tmx(alignment))
    units = root.findall("body/tu")
    assert len(units) == sum(sum(bool(c) for c in b.columns) >= 2 for b in alignment.beads)
    for unit in units:
        bead = alignment.beads[int(unit.get("tuid"))]
        langs = [side.lang for side, ids in zip(alignment.sides, bead.columns) if ids]
        assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == langs
    page = export.to_html(alignment)
    assert page.count("<th lang=") == 4
    with pytest.raises(AlignError):
        export.to_vecalign(alignment)


def test_bad_input_gives_one_line_and_exit_2(work: Path, cache: Path) -> None:
    for args, message in (
        (["en.txt"], "at least two texts"),
        ([], "at least two texts"),
        (["en.txt", "ru.txt", "./en.txt"], "given twice"),
        (["en.txt", "ru.txt", "de.txt", "--langs", "en,ru"], "2 languages for 3 texts"),
        (["en.txt", "ru.txt", "de.txt", "--beads", "out/a.beads"], "--columns"),
    ):
        result = align("run", *args, "-o", "out/a.parquet", cwd=work, cache=cache)
        assert_clean_failure(result, work / "out")
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)


def test_three_texts_in_one_run_give_each_pair_as_aligned_alone(work: Path, cache: Path) -> None:
    result = align("run", "en.txt", "ru.txt", "de.txt", "--langs", "en,ru,de", "-o", "out/three.parquet",
                   "--export", "out/three.tmx", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    alignment = store.read_parquet(work / "out" / "three.parquet")
    assert [side.lang for side in alignment.sides] == ["en", "ru", "de"]
    for k, name in ((1, "ru.txt"), (2, "de.txt")):
        alone = align("run", "en.txt", name, "-o", f"out/alone{k}.parquet", "--beads", f"out/alone{k}.beads",
                      cwd=work, cache=cache)
        assert alone.returncode == 0, alone.stderr
        done = align("export", "out/three.parquet", f"out/col{k}.beads", "--columns", "0", str(k), cwd=work, cache=cache)
        assert done.returncode == 0, done.stderr
        assert (work / "out" / f"col{k}.beads").read_text() == (work / "out" / f"alone{k}.beads").read_text()
    done = align("export", "out/three.parquet", "out/ru-de.beads", "--columns", "1", "2", cwd=work, cache=cache)
    assert done.returncode == 0, done.stderr
    beads = parse_beads((work / "out" / "ru-de.beads").read_text())
    assert [i for s, _ in beads for i in s] == list(range(len(alignment.tgt.sentences)))
    assert [j for _, t in beads for j in t] == list(range(len(alignment.others[0].sentences)))
    for args in (["out/x.beads"], ["out/x.beads", "--columns", "0", "3"], ["out/x.beads", "--columns", "1", "1"]):
        failed = align("export", "out/three.parquet", *args, cwd=work, cache=cache)
        assert failed.returncode == 2 and len(failed.stderr.splitlines()) == 1, failed.stderr


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no ../shared/corpora beside the checkout")
def test_gold_pair_scores_the_same_in_a_three_text_run(tmp_path: Path, cache: Path) -> None:
    """prince-en-ru: English pivot, the gold Russian, and the German of prince-5way (segmented by
    `align split`); the en-ru beads of the three-text run score as the pair aligned alone."""
    gold_dir = CORPORA / "prince-en-ru"
    german = align("split", str(CORPORA / "prince-5way" / "de.txt"), "--lang", "de", cwd=tmp_path, cache=cache)
    assert german.returncode == 0, german.stderr
    (tmp_path / "de.txt").write_text(german.stdout, encoding="utf-8")
    en, ru = str(gold_dir / "en.txt"), str(gold_dir / "ru.txt")
    for args in ([en, ru, "-o", "alone.parquet", "--beads", "alone.beads"],
                 [en, ru, "de.txt", "-o", "three.parquet"]):
        done = align("run", *args, "--presplit", cwd=tmp_path, cache=cache, timeout=900)
        assert done.returncode == 0, done.stderr
    done = align("export", "three.parquet", "three.beads", "--columns", "0", "1", cwd=tmp_path, cache=cache)
    assert done.returncode == 0, done.stderr
    gold = [parse_beads((gold_dir / "gold.txt").read_text(encoding="utf-8"))]
    alone = score(gold, [parse_beads((tmp_path / "alone.beads").read_text())])
    three = score(gold, [parse_beads((tmp_path / "three.beads").read_text())])
    assert abs(three.f1_strict - alone.f1_strict) <= 0.005, (alone, three)
    assert alone.f1_strict > 0.9


@pytest.mark.parametrize("seed", range(10))
def test_correcting_one_pair_of_an_n_text_file_keeps_the_others(tmp_path: Path, seed: int) -> None:
    from align import edit

    path = tmp_path / "a.parquet"
    alignment = merged(seed)
    store.write_parquet(alignment, path)
    pair = alignment.pair(2)
    if len(pair.beads) < 2:
        return
    after = edit.apply_edit(path, edit.on_pair(2, lambda a: edit.merge(a, 0)))
    assert store.read_parquet(path) == after
    assert after.pair(2).beads == edit.merge(pair, 0).beads
    assert after.pair(1).beads == alignment.pair(1).beads and after.pair(3).beads == alignment.pair(3).beads
    assert edit.undo(path) == alignment
