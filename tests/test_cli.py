"""The `align` command run as a user would: bad input gives one clean error line and writes nothing."""

from __future__ import annotations

import gzip
import os
import random
import stat
import subprocess
import sys
import time
from itertools import groupby
from pathlib import Path

import pytest

from align import pipeline
from align.evaluate import parse_beads
from align.store import read_parquet

EN = """The old house stood at the end of the street. Nobody had lived there for years.

One morning a girl opened the gate. She walked up to the door and knocked three times.

Nobody answered. She went home and told her mother everything.
"""
RU = """Старый дом стоял в конце улицы. Никто не жил в нём уже много лет.

Однажды утром девочка открыла калитку. Она подошла к двери и постучала три раза.

Никто не ответил. Она пошла домой и всё рассказала матери.
"""
EN_SENTENCES = 6


def align(*args: str, cwd: Path, cache: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "ALIGN_CACHE_DIR": str(cache), "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "align.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def work(tmp_path):
    """A folder with the two texts and an empty output folder."""
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.fixture
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def _bad_inputs(folder: Path) -> dict[str, Path]:
    rng = random.Random(3)
    files = {
        "missing": folder / "missing.txt",
        "directory": folder / "adir",
        "empty": folder / "empty.txt",
        "whitespace": folder / "blank.txt",
        "png": folder / "image.png",
        "random": folder / "noise.bin",
        "gzip": folder / "text.txt.gz",
        "pdf": folder / "doc.pdf",
    }
    files["directory"].mkdir()
    files["empty"].write_bytes(b"")
    files["whitespace"].write_bytes(b"  \n\t\n   \r\n")
    files["png"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(200)))
    files["random"].write_bytes(bytes(rng.randrange(1, 256) for _ in range(5000)))
    files["gzip"].write_bytes(gzip.compress(EN.encode()))
    files["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    return files


BAD = ["missing", "directory", "empty", "whitespace", "png", "random", "gzip", "pdf"]


def assert_clean_failure(result: subprocess.CompletedProcess, out: Path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("align: error:"), result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == []  # no output, no temp file


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("side", ["src", "tgt"])
def test_run_bad_input(work, cache, kind, side):
    bad = _bad_inputs(work)[kind]
    src, tgt = (bad, work / "ru.txt") if side == "src" else (work / "en.txt", bad)
    result = align("run", str(src), str(tgt), "-o", "out/a.parquet", "--beads", "out/a.beads", cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")
    assert bad.name in result.stderr


@pytest.mark.parametrize("kind", BAD)
def test_split_bad_input(work, cache, kind):
    bad = _bad_inputs(work)[kind]
    result = align("split", str(bad), cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")
    assert bad.name in result.stderr


@pytest.mark.parametrize("name", ["out/a.xyz", "out/a", "out/a.docx"])
def test_run_unknown_export_extension(work, cache, name):
    result = align("run", "en.txt", "ru.txt", "-o", "out/a.parquet", "--export", name, cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")
    assert "unknown export format" in result.stderr


@pytest.mark.parametrize("option", ["-o", "--beads", "--export"])
def test_run_output_into_a_directory(work, cache, option):
    target = work / "out" / "taken.tmx"
    target.mkdir()
    args = ["run", "en.txt", "ru.txt", "-o", "out/a.parquet"]
    if option == "-o":
        args[-1] = str(target)
    else:
        args += [option, str(target)]
    result = align(*args, cwd=work, cache=cache)
    target.rmdir()
    assert_clean_failure(result, work / "out")
    assert "directory" in result.stderr


def test_run_output_must_be_parquet(work, cache):
    result = align("run", "en.txt", "ru.txt", "-o", "out/a.tmx", cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")
    assert "--export" in result.stderr


def test_run_output_under_a_file(work, cache):
    result = align("run", "en.txt", "ru.txt", "-o", "en.txt/a.parquet", cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")


def test_export_bad_inputs(work, cache):
    bad = _bad_inputs(work)
    for name in ("missing", "directory", "empty", "png"):
        result = align("export", str(bad[name]), "out/a.tmx", cwd=work, cache=cache)
        assert_clean_failure(result, work / "out")
    result = align("export", "en.txt", "out/a.tmx", cwd=work, cache=cache)
    assert_clean_failure(result, work / "out")
    assert "not an alignment file" in result.stderr


@pytest.fixture
def good_run(work, cache):
    result = align(
        "run", "en.txt", "ru.txt", "-o", "out/en-ru.parquet", "--beads", "out/en-ru.beads",
        "--export", "out/en-ru.tmx", "--export", "out/en-ru.tsv", cwd=work, cache=cache,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return work


def test_good_run(good_run, cache):
    out = good_run / "out"
    assert sorted(p.name for p in out.iterdir()) == ["en-ru.beads", "en-ru.parquet", "en-ru.tmx", "en-ru.tsv"]
    alignment = read_parquet(out / "en-ru.parquet")
    assert len(alignment.src.sentences) == EN_SENTENCES
    assert alignment.src.lang == "en" and alignment.tgt.lang == "ru"
    beads = parse_beads((out / "en-ru.beads").read_text())
    assert beads == [(b.src, b.tgt) for b in alignment.beads]
    # every sentence of both sides appears exactly once, in order
    assert [i for s, _ in beads for i in s] == list(range(len(alignment.src.sentences)))
    assert [j for _, t in beads for j in t] == list(range(len(alignment.tgt.sentences)))
    # and these simple parallel texts align one to one
    assert beads == [((i,), (i,)) for i in range(EN_SENTENCES)]

    # the stored alignment converts to another format
    result = align("export", "out/en-ru.parquet", "out/again.html", cwd=good_run, cache=cache)
    assert result.returncode == 0, result.stderr
    assert (out / "again.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = align("export", "out/en-ru.parquet", "out/again.xyz", cwd=good_run, cache=cache)
    assert_clean_failure_keeps(result, out)


def assert_clean_failure_keeps(result: subprocess.CompletedProcess, out: Path) -> None:
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("align: error:")
    assert not any(p.name.startswith(".") or p.suffix == ".xyz" for p in out.iterdir())


def test_split_prints_paragraphs(work, cache):
    result = align("split", "en.txt", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "The old house stood at the end of the street.\nNobody had lived there for years.\n\n"
        "One morning a girl opened the gate.\nShe walked up to the door and knocked three times.\n\n"
        "Nobody answered.\nShe went home and told her mother everything.\n"
    )
    result = align("split", "ru.txt", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    paragraphs = result.stdout.rstrip("\n").split("\n\n")
    assert [len(p.splitlines()) for p in paragraphs] == [2, 2, 2]


def test_split_then_presplit_keeps_the_paragraphs(work, cache):
    """`align split FILE > FILE.txt`, corrected by hand and given back with --presplit, keeps the
    book's paragraphs: the aligner's paragraph gain holds as it does for the book read whole."""
    result = align("split", "en.txt", cwd=work, cache=cache)
    (work / "en.split.txt").write_text(result.stdout, encoding="utf-8")
    whole, presplit = pipeline.read_side(work / "en.txt"), pipeline.read_side(work / "en.split.txt", presplit=True)

    def parts(side):
        return [[s.text for s in group] for _, group in groupby(side.sentences, key=lambda s: s.paragraph)]

    assert parts(presplit) == parts(whole) and len(parts(whole)) == 3


def test_split_legacy_encoding(work, cache):
    (work / "koi8.txt").write_bytes(RU.encode("koi8_r"))
    result = align("split", "koi8.txt", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Старый дом стоял в конце улицы."


def test_presplit_keeps_lines(work, cache):
    # not line for line: the Russian joins English lines 1 and 2 into one, so that pairing the
    # lines in order (what any aligner does with parallel lines) is wrong
    en_lines = ["The ship reached Bantry at dawn. The crew was tired.", "Nobody was waiting on the quay",
                "and the harbour master was asleep.", "Prices had risen by thirty per cent that winter!"]
    ru_lines = ["Корабль пришёл в Бантри на рассвете. Команда устала.",
                "На причале никто не ждал, а начальник порта спал.", "Цены в ту зиму выросли на тридцать процентов!"]
    # blank lines and surrounding spaces do not count: ids are line numbers among non-empty lines
    (work / "en.lines").write_text("\n" + en_lines[0] + "\n\n  " + en_lines[1] + "\n" + "\n".join(en_lines[2:]) + "\n\n")
    (work / "ru.lines").write_text(ru_lines[0] + "\n" + ru_lines[1] + "\n\n\n" + "\n".join(ru_lines[2:]) + "\n")
    result = align("run", "en.lines", "ru.lines", "--presplit", "-o", "out/p.parquet", "--beads", "out/p.beads",
                   cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    alignment = read_parquet(work / "out" / "p.parquet")
    assert [s.text for s in alignment.src.sentences] == en_lines
    assert [s.text for s in alignment.tgt.sentences] == ru_lines
    assert parse_beads((work / "out" / "p.beads").read_text()) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_python_dash_m_align(work, cache):
    env = {**os.environ, "ALIGN_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "align", "split", "en.txt"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The old house stood at the end of the street.\n")
    result = subprocess.run([sys.executable, "-m", "align", "split", "nothing.txt"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and result.stderr.startswith("align: error:")


@pytest.fixture
def huge_line(work):
    path = work / "huge.txt"
    path.write_text("word " * 400_000)  # 2 MB, one line, no sentence punctuation
    return path


@pytest.mark.slow
def test_split_huge_line_without_punctuation(work, cache, huge_line):
    start = time.monotonic()
    result = align("split", huge_line.name, cwd=work, cache=cache, timeout=120)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert elapsed < 60, f"align split took {elapsed:.1f} s on a 2 MB line"
    lines = result.stdout.splitlines()
    assert len(lines) > 1  # cut into pieces of bounded length
    assert max(map(len, lines)) <= 5000
    assert "".join(lines).replace(" ", "") == "word" * 400_000


@pytest.mark.slow
def test_run_huge_line_against_a_short_text(work, cache, huge_line):
    start = time.monotonic()
    result = align("run", huge_line.name, "ru.txt", "-o", "out/huge.parquet", cwd=work, cache=cache, timeout=300)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 120, f"align run took {elapsed:.1f} s on a 2 MB line"
    alignment = read_parquet(work / "out" / "huge.parquet")
    assert [j for b in alignment.beads for j in b.tgt] == list(range(len(alignment.tgt.sentences)))


# --- no file a user names is ever replaced by something else -------------------------------------


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("align: error:"), result.stderr
    return result.stderr


def test_an_error_naming_a_file_with_a_newline_or_an_escape_is_one_line(work, cache):
    error = _one_line_error(align("run", "no\nsuch\x1b[31m.txt", "ru.txt", "-o", "out/a.parquet", cwd=work, cache=cache))
    assert "no\\nsuch\\x1b[31m.txt" in error and "\x1b" not in error


def _device_node(path: Path) -> Path:
    """A character device (a copy of /dev/null's numbers) in a scratch folder, so that a bug replaces a copy."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here ({error})")
    return path


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize("option", ["-o", "--beads", "--export"])
def test_special_output_files_are_refused_never_replaced(work, cache, kind, option):
    special = work / ("special.parquet" if option == "-o" else "special.tsv")
    _device_node(special) if kind == "device" else os.mkfifo(special)
    args = ["run", "en.txt", "ru.txt", "-o", "out/a.parquet"]
    args = args[:-1] + [str(special)] if option == "-o" else args + [option, str(special)]
    error = _one_line_error(align(*args, cwd=work, cache=cache, timeout=60))
    assert "not a regular file" in error
    mode = special.lstat().st_mode
    assert (stat.S_ISCHR(mode) if kind == "device" else stat.S_ISFIFO(mode)), "the special file was replaced"
    assert list((work / "out").iterdir()) == []


def test_symlinked_outputs_write_their_targets(work, cache):
    (work / "real.tsv").write_text("old")
    (work / "link.tsv").symlink_to("real.tsv")
    (work / "new.parquet").symlink_to("out/target.parquet")  # dangling: the target is created
    result = align("run", "en.txt", "ru.txt", "-o", "new.parquet", "--export", "link.tsv", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    assert (work / "link.tsv").is_symlink() and (work / "new.parquet").is_symlink()
    assert (work / "real.tsv").read_text(encoding="utf-8").startswith("bead\t")
    assert read_parquet(work / "out" / "target.parquet").src.lang == "en"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_special_input_files_are_refused_at_once(work, cache, kind):
    special = work / "in.txt"
    os.mkfifo(special) if kind == "fifo" else special.symlink_to("/dev/zero")  # a FIFO nobody writes; endless zeros
    for args in (["run", "in.txt", "ru.txt", "-o", "out/a.parquet"], ["split", "in.txt"]):
        error = _one_line_error(align(*args, cwd=work, cache=cache, timeout=60))
        assert "in.txt: not a regular file" in error


def test_a_failure_after_the_alignment_leaves_every_old_file_untouched(work, cache):
    out = work / "out"
    (out / "a.parquet").write_bytes(b"the old alignment")
    (out / "a.beads").write_bytes(b"the old beads")
    result = align("run", "en.txt", "ru.txt", "-o", "out/a.parquet", "--beads", "out/a.beads",
                   "--export", "/proc/no-such/x.tsv", cwd=work, cache=cache)
    assert "/proc/no-such/x.tsv" in _one_line_error(result)  # one line: refused before any work
    assert (out / "a.parquet").read_bytes() == b"the old alignment"
    assert (out / "a.beads").read_bytes() == b"the old beads"
    assert sorted(p.name for p in out.iterdir()) == ["a.beads", "a.parquet"]


def test_output_on_proc_is_refused_before_the_work(work, cache):
    result = align("run", "en.txt", "ru.txt", "-o", "/proc/o.parquet", cwd=work, cache=cache)
    assert "/proc/o.parquet" in _one_line_error(result)  # no progress lines: nothing was aligned


@pytest.mark.parametrize(
    "extra",
    [["--beads", "out/o.parquet"], ["--beads", "en.txt"], ["--export", "ru.txt.tsv", "--export", "./ru.txt.tsv"],
     ["--export", "hard.tsv"]],
    ids=["beads-on-output", "beads-on-input", "two-exports", "hard-link-to-input"],
)
def test_outputs_that_coincide_with_an_input_or_each_other_are_refused(work, cache, extra):
    os.link(work / "ru.txt", work / "hard.tsv")
    before = {name: (work / name).read_bytes() for name in ("en.txt", "ru.txt")}
    error = _one_line_error(align("run", "en.txt", "ru.txt", "-o", "out/o.parquet", *extra, cwd=work, cache=cache))
    assert "the same file as" in error
    assert {name: (work / name).read_bytes() for name in before} == before
    assert list((work / "out").iterdir()) == []


def test_export_onto_its_own_input_is_refused(good_run, cache):
    parquet = good_run / "out" / "en-ru.parquet"
    before = parquet.read_bytes()
    _one_line_error(align("export", "out/en-ru.parquet", "out/en-ru.parquet", cwd=good_run, cache=cache))
    assert parquet.read_bytes() == before


def test_modes_kept_for_replaced_files_and_umask_for_new_ones(good_run, cache):
    out = good_run / "out"
    (out / "en-ru.tsv").chmod(0o644)
    (out / "en-ru.tmx").chmod(0o640)
    env_umask = os.umask(0o022)
    try:
        result = align("export", "out/en-ru.parquet", "out/en-ru.tsv", cwd=good_run, cache=cache)
        assert result.returncode == 0, result.stderr
        result = align("export", "out/en-ru.parquet", "out/en-ru.tmx", cwd=good_run, cache=cache)
        assert result.returncode == 0, result.stderr
        result = align("export", "out/en-ru.parquet", "out/new.html", cwd=good_run, cache=cache)
        assert result.returncode == 0, result.stderr
    finally:
        os.umask(env_umask)
    assert stat.S_IMODE((out / "en-ru.tsv").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / "en-ru.tmx").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "new.html").stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "args",
    [[], ["run"], ["run", "en.txt", "ru.txt"], ["run", "en.txt", "ru.txt", "-o", "a.parquet", "--bogus"], ["nosuch"]],
    ids=["nothing", "run-alone", "no-output", "unknown-option", "unknown-command"],
)
def test_argument_errors_are_one_line(work, cache, args):
    _one_line_error(align(*args, cwd=work, cache=cache))


def test_language_errors_name_the_file(work, cache):
    (work / "digits.txt").write_text("123 456.\n\n789.\n")
    for args in (["split", "digits.txt"], ["run", "digits.txt", "ru.txt", "-o", "out/a.parquet"]):
        assert "digits.txt: " in _one_line_error(align(*args, cwd=work, cache=cache))


def test_a_damaged_cache_is_set_aside_with_one_warning(work, cache):
    result = align("run", "en.txt", "ru.txt", "-o", "out/a.parquet", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    database = cache / "embeddings.sqlite3"
    with open(database, "r+b") as handle:  # keep the header, damage every page after it
        handle.seek(100)
        handle.write(b"\xff" * (database.stat().st_size - 100))
    result = align("run", "en.txt", "ru.txt", "-o", "out/b.parquet", cwd=work, cache=cache)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("align: warning:")]
    assert len(warnings) == 1 and "damaged" in warnings[0], result.stderr
    assert read_parquet(work / "out" / "b.parquet").beads == read_parquet(work / "out" / "a.parquet").beads


def test_export_of_an_invalid_alignment_is_one_line(good_run, cache):
    import pyarrow.parquet as pq

    table = pq.read_table(good_run / "out" / "en-ru.parquet")
    ids = table.column("src_ids").to_pylist()
    ids[0] = [99]
    broken = table.set_column(table.schema.get_field_index("src_ids"), "src_ids", [ids])
    pq.write_table(broken.replace_schema_metadata(table.schema.metadata), good_run / "broken.parquet")
    error = _one_line_error(align("export", "broken.parquet", "out/x.tmx", cwd=good_run, cache=cache))
    assert "does not exist" in error and not (good_run / "out" / "x.tmx").exists()
UNRELATED_RU = """Рецепт простой: возьмите три яйца и стакан муки. Взбейте всё венчиком до пены.

Духовку разогрейте до двухсот градусов. Выпекайте пирог сорок минут.

Цены на нефть выросли на бирже в Лондоне. Аналитики ждут решения центрального банка.
"""


def test_one_half_of_a_text_against_the_other_half_of_its_translation_is_not_a_translation(tmp_path, cache):
    # one subject, one author, even a title in common: beads the programme finds alike, and before
    # the anchors were asked, 6 of 10 confident
    texts = Path(__file__).resolve().parents[1] / "texts" / "sorin-1918"
    en = (texts / "en.txt").read_text(encoding="utf-8").split("\n\n")
    ru = (texts / "ru.working.txt").read_text(encoding="utf-8").split("\n\n")
    (tmp_path / "en.txt").write_text("\n\n".join(en[: len(en) // 2]), encoding="utf-8")
    (tmp_path / "ru.txt").write_text("\n\n".join(ru[len(ru) // 2 :]), encoding="utf-8")
    run = align("run", "en.txt", "ru.txt", "-o", "a.parquet", cwd=tmp_path, cache=cache)
    assert run.returncode == 0 and "do not look like translations" in run.stderr, run.stderr


def test_run_says_when_texts_are_not_translations(work, cache):
    (work / "other.txt").write_text(UNRELATED_RU, encoding="utf-8")
    parallel = align("run", "en.txt", "ru.txt", "-o", "out/a.parquet", cwd=work, cache=cache)
    unrelated = align("run", "en.txt", "other.txt", "-o", "out/b.parquet", cwd=work, cache=cache)
    assert parallel.returncode == unrelated.returncode == 0, unrelated.stderr
    assert "warning" not in parallel.stderr
    assert "align: warning: " in unrelated.stderr and "do not look like translations" in unrelated.stderr
