"""Shared fixtures: a private embedding cache, the library's logger as it was, a private copy of texts/, the
Sorin alignment."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from align import corpus, pipeline
from align.records import Alignment, Bead, Sentence, Side


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Embeddings go to a cache of this test session, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("ALIGN_CACHE_DIR")
    os.environ["ALIGN_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("ALIGN_CACHE_DIR", None)
    else:
        os.environ["ALIGN_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def align_logger() -> None:
    """The "align" logger as it was after each test: `cli.main` called in-process gives it a handler of
    its own and stops it propagating, which would hide later tests' warnings from caplog."""
    logger = logging.getLogger("align")
    handlers, propagate = list(logger.handlers), logger.propagate
    yield
    logger.handlers[:], logger.propagate = handlers, propagate


@pytest.fixture
def texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of texts/ without any stored alignment, which the app uses via ALIGN_TEXTS_DIR."""
    root = tmp_path / "texts"
    shutil.copytree(corpus.TEXTS_DIR, root, ignore=shutil.ignore_patterns("*.parquet", "*.history", "*.lock"))
    monkeypatch.setenv("ALIGN_TEXTS_DIR", str(root))
    return root


@pytest.fixture(scope="session")
def sorin(cache_dir: Path) -> Alignment:
    """English (the translation) against the Russian working translation."""
    ru, en = corpus.load_work(corpus.TEXTS_DIR / "sorin-1918").texts
    return pipeline.align_files(en.path, ru.path, src_lang="en", tgt_lang="ru", src_role=en.role, tgt_role=ru.role)


def make_alignment(src: list[str], tgt: list[str], beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
                   roles: tuple[str, str] = ("translation", "original")) -> Alignment:
    """A small alignment built by hand, no model involved."""
    def side(texts: list[str], lang: str, role: str) -> Side:
        return Side(tuple(Sentence(i, t) for i, t in enumerate(texts)), lang, f"{lang}.txt", "", role)

    return Alignment(
        side(src, "en", roles[0]), side(tgt, "ru", roles[1]),
        tuple(Bead(s, t, 0.9) for s, t in beads), model="test-model",
    )


def as_unprivileged(function: Callable[[], object]) -> object:
    """Call `function` as an ordinary user, so that file permissions hold even when the tests run
    as root (as in CI): in a forked child that gives up root, its result or exception sent back."""
    if os.geteuid() != 0:
        return function()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            outcome = ("result", function())
        except BaseException as error:  # noqa: BLE001 - sent back and raised in the parent
            outcome = ("error", f"{type(error).__name__}: {error}")
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        kind, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    if kind == "error":
        raise UnprivilegedError(value)
    return value


class UnprivilegedError(Exception):
    """An exception raised in as_unprivileged's child, as its type name and message."""


@pytest.fixture
def open_dir() -> Path:
    """A scratch folder every user may enter and write, for as_unprivileged (pytest's own is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="align-test-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
