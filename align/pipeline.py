"""The whole job, stage by stage: read, segment, embed, align. The CLI and the app call this."""

from __future__ import annotations

import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import datetime, timezone
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import aligner, chapters, multi, words
from .apart import ApartReading, worth_apart
from .corpus import Work
from .embed import CachedEmbedder, Progress, load_embedder, package_version
from .records import AlignError, Alignment, Bead, Side, bead_flags
from .language import checked_code, covered, detect_language, warn_if_not_covered
from .segment import dialogue_turns
from .sides import read_side


_NAME_BYTES = 200
# how surely a turn of dialogue ends a paragraph, in a text of one sentence a line: a bead closing a turn
# on both sides gains about half the paragraph gain (dev sets, --presplit: alice 0.942 -> 0.947,
# janeeyre 0.918 -> 0.921, candide 0.787 -> 0.794, emma 0.811 -> 0.804, the rest unchanged; MAC-test
# 0.876 -> 0.877 / 0.878; at 1.0 each side: swann 0.976 -> 0.971)
TURN_END = 0.7


def received_name(name: str, fallback: str) -> str:
    """The name a text was sent under (an upload's), if it is one ("..", "." or a hidden name are
    not); characters no file name may hold (NUL, control characters, slashes) taken out."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).replace("\\", "/").rsplit("/", 1)[-1]
    suffix = Path(name).suffix if len(Path(name).suffix) <= 16 else ""
    # at most 200 bytes (a file name may hold 255; 300 Cyrillic letters are 600), its suffix kept
    stem = name[: len(name) - len(suffix)].encode()[: _NAME_BYTES - len(suffix.encode())].decode("utf-8", "ignore")
    name = stem + suffix
    return name if name not in ("", ".", "..") and not name.startswith(".") else fallback


def read_received(folder: str | Path, name: str, data: bytes, role: str = "", fallback: str = "text.txt") -> Side:
    """A text received as bytes (a browser's upload), read as a file of the name it was sent under
    in `folder`; the file is removed once read, and an error names it so, not by `folder`."""
    file = Path(folder) / received_name(name, fallback)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    try:
        return read_side(file, role=role)
    except AlignError as error:
        raise AlignError(str(error).replace(str(file), file.name)) from None
    finally:
        file.unlink(missing_ok=True)


def align_received(
    texts: Sequence[tuple[str, bytes, str]], folder: str | Path, embedder: CachedEmbedder, progress: Progress | None = None
) -> Alignment:
    """Two texts received as bytes, each (name, content, role), the first the left side of every bead:
    read (see read_received; each in a folder of its own under `folder`, so that two of one name
    do not meet) and aligned."""
    if len(texts) != 2:
        raise AlignError(f"{len(texts)} texts received: give two")
    left, right = (read_received(Path(folder) / slot, name, data, role, f"{slot}.txt")
                   for slot, (name, data, role) in zip(("left", "right"), texts))
    return align_sides(left, right, embedder, progress=progress)


def align_sides(
    src: Side,
    tgt: Side,
    embedder: CachedEmbedder,
    params: aligner.Params = aligner.Params(),
    progress: Progress | None = None,
    src_vectors: np.ndarray | None = None,
) -> Alignment:
    """Embed both sides and align them (a warning first for a language the model does not cover).
    `src_vectors`: the source's, where already embedded."""
    warn_if_not_covered((src.lang, tgt.lang), embedder.name)
    if src_vectors is None:
        vectors = embedder.encode([s.text for side in (src, tgt) for s in side.sentences], progress)
    else:
        vectors = np.concatenate([src_vectors, embedder.encode([s.text for s in tgt.sentences], progress)])
    beads = aligner.align(*embedded_pair(src, tgt, vectors), params, progress,
                          embed=lambda texts: embedder.encode(texts, progress), reads=_reader(embedder.name))
    return Alignment(
        src=src,
        tgt=tgt,
        beads=tuple(Bead(s, t, score, bead_flags(s, t, score, src, tgt)) for (s, t), score in beads),
        model=embedder.name,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        tool_version=package_version("align"),
    )


def align_files(
    src_path: str | Path,
    tgt_path: str | Path,
    *,
    model: str | None = None,
    presplit: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    src_role: str = "",
    tgt_role: str = "",
    progress: Progress | None = None,
    embedder: CachedEmbedder | None = None,
    with_words: bool = True,
) -> Alignment:
    """Align two text files (SRC is the left side of every bead), with word links unless `with_words`
    is False. An `embedder` already loaded is used instead of loading `model`."""
    return align_texts([src_path, tgt_path], model=model, presplit=presplit, langs=[src_lang, tgt_lang],
                       roles=[src_role, tgt_role], progress=progress, embedder=embedder, with_words=with_words)


def align_texts(
    paths: Sequence[str | Path],
    *,
    model: str | None = None,
    presplit: bool = False,
    langs: Sequence[str | None] = (),
    roles: Sequence[str] = (),
    progress: Progress | None = None,
    embedder: CachedEmbedder | None = None,
    with_words: bool = True,
) -> Alignment:
    """Align two texts or more: the first (the pivot, usually the original) with each of the others
    separately (with word links unless `with_words` is False), merged into rows (see multi). Two
    texts give exactly align_files' result. An `embedder` already loaded is used instead of
    loading `model`."""
    if len(paths) < 2:
        raise AlignError("give at least two texts: the original (or pivot) and a translation")
    resolved = [Path(p).resolve() for p in paths]
    repeated = next((str(p) for n, p in enumerate(paths) if resolved[n] in resolved[:n]), None)
    if repeated:
        raise AlignError(f"{repeated}: given twice; each text once")
    if langs and len(langs) != len(paths):
        raise AlignError(f"{len(langs)} languages for {len(paths)} texts: give one per text, in order")
    langs = [checked_code(lang, str(path)) if lang else None for lang, path in zip(langs, paths)] if langs else [None] * len(paths)
    roles = list(roles) or [""] * len(paths)
    # the model loads while the pivot is read, and the pivot is embedded while the others are read
    # (the reader holds one core; stal-ru-zh from a cold cache: 23.0 -> 22.3 s, the median of four)
    worker = ThreadPoolExecutor(1)
    relay = _Relay(progress)
    apart: list[ApartReading | None] = []
    try:
        loading = None if embedder else worker.submit(load_embedder, model)
        # a large text is read in a child process while this one loads the model or embeds the pivot
        # (see apart); the pivot, where the model is loaded already, has nothing to wait beside
        jobs = [(path, lang, presplit, role) for path, lang, role in zip(paths, langs, roles)]
        apart = [ApartReading(*job) if worth_apart(job[0], presplit) and (k > 0 or loading is not None) else None
                 for k, job in enumerate(jobs)]
        sides = [_side(apart[0], jobs[0])]
        pivot_texts = [s.text for s in sides[0].sentences]
        pivot = worker.submit(lambda: (embedder or loading.result()).encode(pivot_texts, relay))
        sides += [_side(reading, job) for reading, job in zip(apart[1:], jobs[1:])]
        embedder, pivot_vectors = embedder or loading.result(), relay.result(pivot)
    finally:
        relay.stopped.set()  # a text that cannot be read is said at once, not once the pivot is embedded
        worker.shutdown(wait=False)
        for reading in apart:
            if reading:
                reading.stop()
    pairs = [align_sides(sides[0], side, embedder, progress=progress, src_vectors=pivot_vectors) for side in sides[1:]]
    if with_words:  # on each pair: a bead spanning several rows keeps its links on its first row
        pairs = [words.link_words(pair, embedder, progress) for pair in pairs]
    return multi.merge(pairs)


def _side(apart: ApartReading | None, job: tuple[str | Path, str | None, bool, str]) -> Side:
    return apart.side() if apart else read_side(*job)


class _Stopped(Exception):
    """The work was stopped: its result is no longer wanted."""


class _Relay:
    """The progress of work in another thread, passed on from the thread that waits for it (a
    Streamlit page can be written from its own thread only); the work stops at its next report
    once `stopped` is set."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress, self.stopped = progress, threading.Event()
        self._latest: tuple[str, int, int] | None = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.stopped.is_set():
            raise _Stopped
        self._latest = (step, done, total)

    def result(self, future: Future) -> np.ndarray:
        """The work's result, its reports passed on while it runs."""
        finished = False
        while not finished:
            finished = not wait([future], timeout=0.25).not_done
            latest, self._latest = self._latest, None
            if latest and self.progress:
                self.progress(*latest)
        return future.result()


def align_work(
    work: Work, model: str | None = None, progress: Progress | None = None, embedder: CachedEmbedder | None = None
) -> Alignment:
    """Align a work under texts/ (its pivot with every other text) with the languages, roles and
    translators its metadata gives."""
    alignment = align_texts([t.path for t in work.texts], model=model, langs=[t.lang for t in work.texts],
                            roles=[t.role for t in work.texts], progress=progress,
                            embedder=embedder)
    translators = {f"translator_{k}": t.translator for k, t in enumerate(work.texts) if t.translator}
    return replace(alignment, extra={**alignment.extra, **translators})


def _reader(model: str) -> aligner.Reads:
    """Whether `model` reads the language some sentences are in, as far as its languages are known."""
    def reads(texts: list[str]) -> bool:
        try:
            return covered(detect_language(" ".join(texts)), model) is not False
        except AlignError:  # no letters: no language to tell
            return True
    return reads


def embedded_pair(src: Side, tgt: Side, vectors: np.ndarray) -> tuple[aligner.EmbeddedText, aligner.EmbeddedText]:
    """What the aligner needs of the two sides, given the vectors of their sentences (the source's first):
    texts, lengths, headings (none on either side: the aligner skips its checks) and paragraph ends."""
    headings = [_headings(src), _headings(tgt)]
    structured = bool(headings[0].any() or headings[1].any())
    texts = [[s.text for s in side.sentences] for side in (src, tgt)]
    parts = vectors[: len(texts[0])], vectors[len(texts[0]) :]
    src_text, tgt_text = (
        aligner.EmbeddedText(part, _lengths(lines), lines, marks if structured else None, _paragraph_ends(side))
        for side, part, lines, marks in zip((src, tgt), parts, texts, headings)
    )
    return src_text, tgt_text


def _headings(side: Side) -> np.ndarray:
    """(n,) the sentences that are beads of their own: headings, and translators' credits."""
    return np.array([s.heading or chapters.translator_credit(s.text) for s in side.sentences], dtype=bool)


def _paragraph_ends(side: Side) -> np.ndarray | None:
    """(n,) how surely each sentence closes its paragraph: 1 at a paragraph's end; None where the text
    has no paragraphs of several sentences to tell. A book of dialogue holds few more sentences than
    paragraphs (Alice: 1.28 a paragraph), and its paragraphs tell too: from 1.1 sentences a paragraph,
    not 1.5 (bilinguator's Alice in English and Russian, a paragraph a line aligned by hand: 0.943 ->
    0.968 of sentences in beads within their paragraphs, benchmarks/paragraphs.py --files; the books
    from their files unchanged). Where the paragraphs do not tell (one sentence a line), the turns of
    dialogue stand in, less surely (TURN_END each side, see segment.dialogue_turns)."""
    paragraphs = [s.paragraph for s in side.sentences]
    ends = np.array([a != b for a, b in zip(paragraphs, paragraphs[1:] + [None])], dtype=float)
    if 1 < ends.sum() <= len(paragraphs) / 1.1:
        return ends
    turns = np.array(dialogue_turns([s.text for s in side.sentences]), dtype=float)
    return TURN_END * turns if turns.sum() > 1 else None


def _lengths(texts: list[str]) -> np.ndarray:
    return np.array([len(text) for text in texts], dtype=np.float64)
