"""A large text read in a process of its own, beside the work of this one.

Reading and segmenting are pure Python, and so is the bundled model's tokenizer: in one process the
reader and the loading or embedding model took turns on the interpreter's lock, so that on two
cores one mostly waited. A child process reads beside them (benchmarks/speed.py, cold cache, in turn
with the code before: stal-ru-zh 1.51 to 1.54 times the floor before, 1.45 to 1.50 after; Jane Eyre
from its files 1.67 before, 1.53 after). A child costs a quarter of a second of start-up on the other core
(it imports the readers and the segmenter, not the model: see sides), so only a large text to be cut
into sentences is read so.

The child is a fresh interpreter (not multiprocessing's spawn, which runs the caller's main script
again: a script without a `__main__` guard would start itself over). What it cannot read it says as
the same AlignError, and its warnings are logged here; a fault of any other kind, or a child that
cannot start, and the text is read here instead, where the fault shows whole."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from pathlib import Path

from .records import AlignError, Side

APART_BYTES = 256_000  # a file this large takes long enough to read (0.2 s and up) to be worth a child

# the child ignores Ctrl-C, which the terminal sends to it too: the parent stops it
_CHILD = ("import pickle, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
          "job = pickle.load(sys.stdin.buffer); sys.path[:] = job['sys_path']; "
          "from align.apart import child; child(job)")


class ApartReading:
    """A text being read in a child process; `side()` waits for it. `stop()` ends the child."""

    def __init__(self, path: str | Path, lang: str | None, presplit: bool, role: str) -> None:
        self._args = (str(path), lang, presplit, role)
        self._child: subprocess.Popen[bytes] | None = None
        job = {"sys_path": sys.path, "args": self._args,
               "level": logging.getLogger("align").getEffectiveLevel()}
        try:
            self._child = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._child.stdin.write(pickle.dumps(job))
            self._child.stdin.close()
        except OSError:  # no interpreter to start, no process left: read here
            self.stop()

    def side(self) -> Side:
        if self._child is None:
            return self._read()
        output = self._child.stdout.read()
        self._child.wait()
        try:
            outcome, records = pickle.loads(output)
        except Exception:  # the child died or said something else: read here, where a fault shows whole
            return self._read()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if isinstance(outcome, AlignError):
            raise outcome
        return outcome if isinstance(outcome, Side) else self._read()

    def _read(self) -> Side:
        from .sides import read_side  # the same reading, here: where the child could not do it

        return read_side(*self._args)

    def stop(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None


def worth_apart(path: str | Path, presplit: bool) -> bool:
    """Whether a file is large enough to be read in a child process. A text of one sentence a line
    is not cut, and reads in a tenth of the time: the child's start would cost more than it saves.
    Nor is a missing file: reading it here says so."""
    try:
        return not presplit and Path(path).stat().st_size >= APART_BYTES
    except OSError:
        return False


def child(job: dict) -> None:
    """In the child: read the text, write (its Side or the error that stopped it, the log records
    of the reading) to stdout, pickled."""
    from .sides import read_side

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("align").setLevel(job["level"])
    logging.getLogger().addHandler(handler)
    try:
        outcome: object = read_side(*job["args"])
    except AlignError as error:
        outcome = error
    except Exception:
        outcome = None  # read again by the parent, where its traceback shows
    for record in records:  # their arguments may not pickle: the message, made now, does
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
    sys.stdout.buffer.write(pickle.dumps((outcome, records)))
