"""Aligning a library: every work under a folder, each stored beside its texts as `align corpus`
stores it, on this machine's processes (the default) or on a Ray cluster (the `ray` extra).

Each worker loads the model once, using its share of the CPUs. Works whose stored alignment is
current are skipped, and so are works holding corrections made by hand unless forced; a failing
work is reported and never stops the others; a worker that dies has its work retried (Ray restarts
the actor; the local pool is rebuilt once). Files are written atomically, so nothing is half-written,
and an alignment that changed while its work was aligned (a correction made meanwhile) is kept.
Interrupted (Ctrl-C, SIGTERM), the batch stops its workers at once and still writes its report.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from multiprocessing import get_context
from pathlib import Path

from . import corpus, library, pipeline
from .embed import CachedEmbedder, Progress, check_model_path, load_embedder
from .records import AlignError
from .store import check_output, parquet_bytes, shown, write_all, write_atomically

ENGINES = ("local", "ray")
REPORT = "batch-report.tsv"


@dataclass(frozen=True)
class Outcome:
    """One line of the batch report."""

    work: str  # the work's folder name (as text: bytes that are not UTF-8 replaced)
    status: str  # "aligned", "skipped", "failed" or "interrupted"
    seconds: float  # spent aligning and storing it (0 when skipped)
    sentences: int  # of all its texts (0 when skipped or failed)
    beads: int  # in its stored alignment
    error: str = ""  # one line, when failed


Stored = tuple[int, int, int] | None  # a stored alignment's inode, size and time of change; None: none stored


@dataclass(frozen=True)
class Planned:
    """A work the batch chose to align, and its stored alignment as it was then."""

    folder: Path
    stored: Stored


def stored_state(path: Path) -> Stored:
    """What tells whether a work's stored alignment changed since (see Stored)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def align_work(folder: Path, embedder: CachedEmbedder, stored: Stored) -> Outcome:
    """Align one work (all its texts) and store it beside them: every error becomes a failed outcome.
    `stored` is its stored alignment's state (stored_state) when it was chosen: if that changed
    since (a correction made in the reading room meanwhile, another batch), the new alignment is
    not stored over it."""
    start = time.perf_counter()
    try:
        work = corpus.load_work(folder)
        target = check_output(work.alignment_path)  # before the work: writable, replaceable
        alignment = pipeline.align_work(work, embedder=embedder)
        if stored_state(work.alignment_path) != stored:
            raise AlignError(f"{shown(work.alignment_path.name)} changed while the work was being aligned (a correction, "
                             "or another batch); kept: align the work again to replace it")
        write_all({target: parquet_bytes(alignment)})
        sentences = sum(len(side.sentences) for side in alignment.sides)
        return Outcome(shown(folder.name), "aligned", time.perf_counter() - start, sentences, len(alignment.beads))
    except Exception as error:  # a bad work, whatever the cause, must not stop the batch
        return _failed(folder, error, time.perf_counter() - start)


def run_batch(
    root: str | Path,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    model: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> list[Outcome]:
    """Align every work under root that is not current; write root/batch-report.tsv; return the
    report, one outcome per work in name order. A work whose stored alignment holds corrections
    made by hand is not aligned again (its corrections would be lost) unless `force`."""
    if engine not in ENGINES:
        raise AlignError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    if workers is not None and workers < 1:
        raise AlignError(f"--workers must be at least 1, not {workers}")
    if address and engine != "ray":
        raise AlignError("--address joins a Ray cluster: use it with --engine ray")
    check_model_path(model)
    folders = library.work_folders(root)
    if (Path(root) / REPORT).is_symlink():  # the library may be shared: write nothing through it
        raise AlignError(f"{Path(root) / REPORT}: a symbolic link; the report is a file of its own")
    report = check_output(Path(root) / REPORT)
    outcomes, todo, sizes = [], [], {}
    for folder in folders:
        try:
            outcome, size = _plan(folder, model, force)
        except Exception as error:  # a bad work, whatever the cause, must not stop the batch
            outcome, size = _failed(folder, error), 0
        if isinstance(outcome, Outcome):
            outcomes.append(outcome)
        else:
            todo.append(outcome)
            sizes[folder] = size
    todo.sort(key=lambda work: -sizes[work.folder])  # the longest first, so that no long work starts last

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress("works", len(outcomes), len(folders))

    if progress:
        progress("works", len(outcomes), len(folders))
    try:
        if todo:
            run = _run_ray if engine == "ray" else _run_local
            run(todo, workers, address, model, done)
    except BaseException:  # Ctrl-C, SIGTERM: the workers are stopped; the report says what was done
        finished = {outcome.work for outcome in outcomes}
        outcomes += [Outcome(shown(work.folder.name), "interrupted", 0.0, 0, 0)
                     for work in todo if shown(work.folder.name) not in finished]
        raise
    finally:
        outcomes.sort(key=lambda outcome: outcome.work)
        write_atomically(report, format_report(outcomes))
    return outcomes


def _plan(folder: Path, model: str | None, force: bool) -> tuple[Outcome | Planned, int]:
    """The outcome of a work that is not to be aligned, or the plan to align it; and its texts' size."""
    work = corpus.load_work(folder)
    path = work.alignment_path
    stored = stored_state(path)  # before it is read: a change after this is never written over
    library.check_replaceable(path)
    if library.is_current(work, model):
        return Outcome(shown(folder.name), "skipped", 0.0, 0, library.bead_count(path)), 0
    corrected = library.corrections(path) if path.exists() else 0
    if corrected and not force:
        message = (f"{shown(path.name)} holds {corrected} bead(s) corrected by hand that aligning again would "
                   "drop; kept (align batch --force, or align corpus --force, to align it again)")
        return Outcome(shown(folder.name), "failed", 0.0, 0, library.bead_count(path), message), 0
    return Planned(folder, stored), sum(t.path.stat().st_size for t in work.texts if t.path.is_file())


def format_report(outcomes: list[Outcome]) -> str:
    """The report as TSV with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow(f.name for f in fields(Outcome))
    writer.writerows((o.work, o.status, f"{o.seconds:.1f}", o.sentences, o.beads, o.error) for o in outcomes)
    return out.getvalue()


# --- local engine: a process pool, each process loading the model once -------------------------

_embedder: CachedEmbedder | AlignError | None = None  # in a pool process


def _load_model(model: str | None, threads: int) -> None:
    global _embedder
    try:
        _embedder = load_embedder(model, threads=threads)
    except AlignError as error:  # reported with each work, not as a broken pool
        _embedder = error


def _start_local_worker(model: str | None, threads: int) -> None:
    # Ctrl-C in a terminal reaches every process of the group: the driver alone decides, and stops us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _load_model(model, threads)


def _align_here(work: Planned) -> Outcome:
    if isinstance(_embedder, AlignError):
        return _failed(work.folder, _embedder)
    return align_work(work.folder, _embedder, work.stored)


def _run_local(todo: list[Planned], workers: int | None, address: str | None, model: str | None,
               done: Callable[[Outcome], None]) -> None:
    cores = os.cpu_count() or 1
    workers = min(workers or cores, cores, len(todo))  # more processes than cores only slow each other
    threads = max(1, cores // workers)
    for attempt in (1, 2):  # a dead process breaks the whole pool: rebuild it once for the works it took
        broken = []
        # spawn, not fork: the parent has loaded FAISS and its OpenMP runtime
        pool = ProcessPoolExecutor(workers, get_context("spawn"), initializer=_start_local_worker,
                                   initargs=(model, threads))
        try:
            futures = {pool.submit(_align_here, work): work for work in todo}
            for future in as_completed(futures):
                try:
                    done(future.result())
                except BrokenProcessPool:
                    broken.append(futures[future])
        except BaseException:  # interrupted: no work is started, none finished, no process left behind
            _stop(pool)
            raise
        pool.shutdown()
        if not broken:
            return
        if attempt == 2:
            for work in broken:
                done(_failed(work.folder, AlignError("its worker process died twice")))
        todo = broken


# --- Ray engine: an actor per worker holding the model, retried when its process dies ----------


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's processes now, mid-work (a work being stored is never half-written)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


class _RayWorker:
    def __init__(self, model: str | None) -> None:
        import ray

        # the model's threads: the CPUs Ray gave this actor, not every core of the node
        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1)
        _load_model(model, max(1, int(cpus)))

    def align(self, work: Planned) -> Outcome:
        return _align_here(work)


def _run_ray(todo: list[Planned], workers: int | None, address: str | None, model: str | None,
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
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = min(workers or cpus, cpus, len(todo))
        # a killed actor is restarted (reloading the model) and its task retried, up to 3 attempts
        actor = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=2)(_RayWorker)
        idle = [actor.remote(model) for _ in range(count)]
        queue, running = list(reversed(todo)), {}
        while queue or running:
            while queue and idle:
                worker, work = idle.pop(), queue.pop()
                running[worker.align.remote(work)] = (worker, work)
            ready, _ = ray.wait(list(running), num_returns=1)
            worker, work = running.pop(ready[0])
            try:
                done(ray.get(ready[0]))
            except ray.exceptions.RayError as error:  # the worker died on every attempt
                done(_failed(work.folder, AlignError(f"worker lost ({type(error).__name__})")))
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
    """The settings a worker must share with this process (the embedding cache, the module path)."""
    return {name: os.environ[name] for name in ("ALIGN_CACHE_DIR", "PYTHONPATH") if name in os.environ}


# --- helpers ------------------------------------------------------------------------------------


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _failed(folder: Path, error: BaseException, seconds: float = 0.0) -> Outcome:
    message = _first_line(error)
    if not isinstance(error, AlignError):  # a bug or a system error: name it
        message = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return Outcome(shown(folder.name), "failed", seconds, 0, 0, message)
