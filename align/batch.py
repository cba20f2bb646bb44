"""Aligning a library: every work under a folder, each stored beside its texts as `align corpus`
stores it, on this machine's processes (the default) or on a Ray cluster (the `ray` extra).

Each worker loads the model once. Works whose stored alignment is current are skipped; a failing
work is reported and never stops the others; a worker that dies has its work retried (Ray restarts
the actor; the local pool is rebuilt once). Files are written atomically, so nothing is half-written.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from multiprocessing import get_context
from pathlib import Path

from . import corpus, library, pipeline
from .embed import CachedEmbedder, Progress, load_embedder
from .records import AlignError
from .store import write_atomically, write_parquet

ENGINES = ("local", "ray")
REPORT = "batch-report.tsv"
# Test hook: "<work>:<marker file>" makes the worker process exit abruptly on its first attempt at
# that work, after aligning and before storing it (the marker records the attempt), as a lost node would.
CRASH_ONCE = "ALIGN_BATCH_CRASH_ONCE"


@dataclass(frozen=True)
class Outcome:
    """One line of the batch report."""

    work: str  # the work's folder name
    status: str  # "aligned", "skipped" or "failed"
    seconds: float  # spent aligning and storing it (0 when skipped)
    sentences: int  # of all its texts (0 when skipped or failed)
    beads: int  # in its stored alignment
    error: str = ""  # one line, when failed


def align_work(folder: Path, embedder: CachedEmbedder) -> Outcome:
    """Align one work (all its texts) and store it beside them: every error becomes a failed outcome."""
    start = time.perf_counter()
    try:
        work = corpus.load_work(folder)
        alignment = pipeline.align_work(work, embedder=embedder)
        _crash_hook(folder)
        write_parquet(alignment, work.alignment_path)
        sentences = sum(len(side.sentences) for side in alignment.sides)
        return Outcome(folder.name, "aligned", time.perf_counter() - start, sentences, len(alignment.beads))
    except Exception as error:  # a bad work, whatever the cause, must not stop the batch
        return _failed(folder, error, time.perf_counter() - start)


def run_batch(
    root: str | Path,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    model: str | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Align every work under root that is not current; write root/batch-report.tsv; return the
    report, one outcome per work in name order."""
    if engine not in ENGINES:
        raise AlignError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    if workers is not None and workers < 1:
        raise AlignError(f"--workers must be at least 1, not {workers}")
    if address and engine != "ray":
        raise AlignError("--address joins a Ray cluster: use it with --engine ray")
    folders = library.work_folders(root)
    outcomes, todo, sizes = [], [], {}
    for folder in folders:
        try:
            work = corpus.load_work(folder)
        except AlignError as error:
            outcomes.append(_failed(folder, error))
            continue
        if library.is_current(work, model):
            outcomes.append(Outcome(folder.name, "skipped", 0.0, 0, library.bead_count(work.alignment_path)))
        else:
            todo.append(folder)
            sizes[folder] = sum(t.path.stat().st_size for t in work.texts if t.path.is_file())
    todo.sort(key=lambda folder: -sizes[folder])  # the longest first, so that no long work starts last

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress("works", len(outcomes), len(folders))

    if progress:
        progress("works", len(outcomes), len(folders))
    if todo:
        run = _run_ray if engine == "ray" else _run_local
        run(todo, workers, address, model, done)
    outcomes.sort(key=lambda outcome: outcome.work)
    write_atomically(Path(root) / REPORT, format_report(outcomes))
    return outcomes


def format_report(outcomes: list[Outcome]) -> str:
    """The report as TSV with a header line."""
    lines = ["\t".join(f.name for f in fields(Outcome))]
    for o in outcomes:
        lines.append(f"{o.work}\t{o.status}\t{o.seconds:.1f}\t{o.sentences}\t{o.beads}\t{o.error}")
    return "\n".join(lines) + "\n"


# --- local engine: a process pool, each process loading the model once -------------------------

_embedder: CachedEmbedder | AlignError | None = None  # in a pool process


def _load_model(model: str | None) -> None:
    global _embedder
    try:
        _embedder = load_embedder(model)
    except AlignError as error:  # reported with each work, not as a broken pool
        _embedder = error


def _align_here(folder: Path) -> Outcome:
    if isinstance(_embedder, AlignError):
        return _failed(folder, _embedder)
    return align_work(folder, _embedder)


def _run_local(folders: list[Path], workers: int | None, address: str | None, model: str | None,
               done: Callable[[Outcome], None]) -> None:
    workers = min(workers or os.cpu_count() or 1, len(folders))
    for attempt in (1, 2):  # a dead process breaks the whole pool: rebuild it once for the works it took
        broken = []
        # spawn, not fork: the parent has loaded FAISS and its OpenMP runtime
        with ProcessPoolExecutor(workers, get_context("spawn"), initializer=_load_model, initargs=(model,)) as pool:
            futures = {pool.submit(_align_here, folder): folder for folder in folders}
            for future in as_completed(futures):
                try:
                    done(future.result())
                except BrokenProcessPool:
                    broken.append(futures[future])
        if not broken:
            return
        if attempt == 2:
            for folder in broken:
                done(_failed(folder, AlignError("its worker process died twice")))
        folders = broken


# --- Ray engine: an actor per worker holding the model, retried when its process dies ----------


class _RayWorker:
    def __init__(self, model: str | None) -> None:
        _load_model(model)

    def align(self, folder: str) -> Outcome:
        return _align_here(Path(folder))


def _run_ray(folders: list[Path], workers: int | None, address: str | None, model: str | None,
             done: Callable[[Outcome], None]) -> None:
    try:
        import ray
    except ImportError:
        raise AlignError("--engine ray needs Ray: pip install 'align[ray]'") from None
    if address and address != "auto" and not address.startswith("ray://"):
        _check_reachable(address)  # Ray itself keeps retrying an address nobody answers for minutes
    started = not ray.is_initialized()
    if started:
        options = {"address": address} if address else {"num_cpus": workers or os.cpu_count() or 1}
        try:
            ray.init(**options, include_dashboard=False, log_to_driver=False, logging_level="ERROR",
                     runtime_env={"env_vars": _forwarded_env()})
        except Exception as error:  # Ray raises many kinds: all mean no cluster to work on
            raise AlignError(f"cannot {'join' if address else 'start'} a Ray cluster: {_first_line(error)}") from None
    try:
        count = min(workers or int(ray.cluster_resources().get("CPU", 1)), len(folders))
        # a killed actor is restarted (reloading the model) and its task retried, up to 3 attempts
        actor = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=2)(_RayWorker)
        idle = [actor.remote(model) for _ in range(count)]
        queue, running = list(reversed(folders)), {}
        while queue or running:
            while queue and idle:
                worker, folder = idle.pop(), queue.pop()
                running[worker.align.remote(str(folder))] = (worker, folder)
            ready, _ = ray.wait(list(running), num_returns=1)
            worker, folder = running.pop(ready[0])
            try:
                done(ray.get(ready[0]))
            except ray.exceptions.RayError as error:  # the worker died on every attempt
                done(_failed(folder, AlignError(f"worker lost ({type(error).__name__})")))
            idle.append(worker)
    finally:
        if started:
            ray.shutdown()


def _check_reachable(address: str) -> None:
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=5).close()
    except (OSError, ValueError):
        raise AlignError(f"cannot join a Ray cluster: nothing answers at {address}") from None


def _forwarded_env() -> dict[str, str]:
    """The settings a worker must share with this process (the embedding cache, the test hook)."""
    return {name: os.environ[name] for name in ("ALIGN_CACHE_DIR", CRASH_ONCE) if name in os.environ}


# --- helpers ------------------------------------------------------------------------------------


def _crash_hook(folder: Path) -> None:
    work, _, marker = os.environ.get(CRASH_ONCE, "").partition(":")
    if work == folder.name and marker and not Path(marker).exists():
        Path(marker).touch()
        os._exit(70)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _failed(folder: Path, error: BaseException, seconds: float = 0.0) -> Outcome:
    message = _first_line(error)
    if not isinstance(error, AlignError):  # a bug or a system error: name it
        message = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return Outcome(folder.name, "failed", seconds, 0, 0, message.replace("\t", " "))
