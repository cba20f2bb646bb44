"""The `align` command on languages other than English and Russian, run as a user would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DE = """Das alte Haus stand am Ende der Straße. Seit Jahren hatte niemand mehr dort gewohnt.

Eines Morgens öffnete ein Mädchen das Tor. Sie ging zur Tür und klopfte dreimal.
"""
FR = """La vieille maison se trouvait au bout de la rue. Personne n'y avait vécu depuis des années.

Un matin, une fille ouvrit le portail. Elle alla jusqu'à la porte et frappa trois fois.
"""
EN = """The old house stood at the end of the street. Nobody had lived there for years.

One morning a girl opened the gate. She walked up to the door and knocked three times.
"""
EL = """Το παλιό σπίτι βρισκόταν στο τέλος του δρόμου. Κανείς δεν είχε ζήσει εκεί για χρόνια.

Ένα πρωί ένα κορίτσι άνοιξε την πύλη. Πήγε ως την πόρτα και χτύπησε τρεις φορές.
"""
# a Chinese sentence ends at 。！？ (or …… ), with any closing quotes after it
ZH_SENTENCE = re.compile(r".+?(?:[。！？]+|……)[”’」』）)]*|.+$")


def align(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "ALIGN_CACHE_DIR": str(cwd / "cache"), "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "align.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_german_and_french_are_detected_and_written_to_tmx(tmp_path):
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FR, encoding="utf-8")
    result = align("run", "de.txt", "fr.txt", "-o", "de-fr.parquet", "--export", "de-fr.tmx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    tmx = (tmp_path / "de-fr.tmx").read_text(encoding="utf-8")
    assert tmx.count('xml:lang="de"') == 4 and tmx.count('xml:lang="fr"') == 4


def test_a_language_code_that_is_no_code_is_refused(tmp_path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FR, encoding="utf-8")
    result = align("run", "en.txt", "fr.txt", "--src-lang", "../../etc", "-o", "out.parquet", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "is not a language code" in result.stderr
    assert not (tmp_path / "out.parquet").exists()


def test_a_language_the_model_does_not_cover_is_named_once(tmp_path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "el.txt").write_text(EL, encoding="utf-8")
    result = align("run", "en.txt", "el.txt", "-o", "en-el.parquet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("align: warning:") and "Greek" in line]
    assert len(warnings) == 1 and "Greek (el)" in warnings[0] and "--model" in warnings[0], result.stderr


def test_split_chinese_one_sentence_per_line_without_lang(tmp_path):
    source = CORPORA / "stal-ru-zh" / "zh.txt"
    if not source.is_file():
        pytest.skip(f"no corpus at {source}")
    # the hard-wrapped novel, made one sentence per line by the plain rule above
    paragraphs = re.split(r"\n(?=\s)", source.read_text(encoding="utf-8"))
    lines = [s for p in paragraphs for s in ZH_SENTENCE.findall("".join(p.split()))]
    (tmp_path / "zh.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = align("split", "zh.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sentences = [line for line in result.stdout.splitlines() if line]
    assert len(sentences) >= 0.9 * len(lines), (len(sentences), len(lines))
    assert max(map(len, sentences)) <= 400
    assert not any(" " in s for s in sentences[:1000])  # Chinese lines are joined without spaces
