"""Every benchmark the README quotes still runs: each script imports and parses its options
(`--help`), and the second-pass counter runs whole on the bundled pair. A script that imports
a name its sibling no longer has fails here rather than when someone reruns a figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_benchmark_starts(script: Path) -> None:
    result = run(str(script), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:"), result.stdout


def test_second_pass_counter_runs_on_the_bundled_pair() -> None:
    folder = ROOT / "texts" / "sorin-1918"
    result = run("benchmarks/second_pass.py", str(folder / "en.txt"), str(folder / "ru.working.txt"),
                 "--src-lang", "en", "--tgt-lang", "ru")
    assert result.returncode == 0, result.stderr
    assert "first pass:" in result.stdout and "second pass:" in result.stdout, result.stdout
