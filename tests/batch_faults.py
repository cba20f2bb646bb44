"""Faults injected into `align batch` workers from the tests (never from align itself): a worker
process imports this module by name when the pool runs one of these functions in place of
batch._align_here. Settings travel in environment variables, which spawned workers inherit."""

from __future__ import annotations

import os
import time
from pathlib import Path

from align import batch

CRASH = "BATCH_FAULT_CRASH"  # "<work>:<marker file>": die once on that work, as a lost node would
SLOW = "BATCH_FAULT_PIDS"  # a folder: each worker notes its pid there, then works very slowly


def crash_once(work: batch.Planned) -> batch.Outcome:
    name, _, marker = os.environ.get(CRASH, "").partition(":")
    if name == work.folder.name and marker and not Path(marker).exists():
        Path(marker).touch()
        os._exit(70)
    return batch._align_here(work)


def slowly(work: batch.Planned) -> batch.Outcome:
    (Path(os.environ[SLOW]) / str(os.getpid())).touch()
    time.sleep(60)
    return batch._align_here(work)


class CrashingRayWorker(batch._RayWorker):
    def align(self, work: batch.Planned) -> batch.Outcome:
        return crash_once(work)
