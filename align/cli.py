"""The `align` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

from . import chapters, checks, corpus, export, gaps, library, multi, pipeline, store
from .batch import ENGINES, REPORT, format_report, run_batch
from .embed import load_embedder
from .read import read_text
from .records import LOW_CONFIDENCE, AlignError, Alignment
from .language import detect_language


class _StderrProgress:
    """Progress of long steps on stderr, at most a few lines a second."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.5:
            return
        self._last = now
        end = "\n" if done >= total or not sys.stderr.isatty() else "\r"  # piped: a line each, never run together
        print(f"{step}: {done}/{total}", end=end, file=sys.stderr, flush=True)


class _Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, taken the way Ctrl-C is: outputs left as they were, workers stopped,
    report written."""


def _on_sigterm(signum: int, frame: object) -> NoReturn:
    raise _Terminated


class _UsageError(Exception):
    """A bad command line, reported by main as one line."""


class _Parser(argparse.ArgumentParser):
    """An argument error raised as _UsageError, instead of argparse's usage and error lines."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="align", description="Align a translation with its original.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="align an original with one or more translations")
    run.add_argument("texts", nargs="*", metavar="TEXT",
                     help="the pivot (left side of every bead, usually the original), then each translation")
    run.add_argument("-o", "--output", required=True, help="the alignment, a .parquet file")
    run.add_argument("--beads", help="also write the beads in Vecalign format to this file")
    run.add_argument("--export", action="append", default=[], metavar="FILE",
                     help="also export to FILE (.tmx, .tsv, .csv, .jsonl, .beads, .html); repeatable")
    run.add_argument("--presplit", action="store_true", help="each line holding text is one sentence; a blank line starts a paragraph")
    run.add_argument("--model", help="a sentence-transformers model name or path (default: bundled USE-m v3)")
    run.add_argument("--src-lang", help="language code of SRC (default: detected)")
    run.add_argument("--tgt-lang", help="language code of TGT (default: detected)")
    run.add_argument("--langs", help="language codes of all texts, comma-separated, in order (e.g. fr,en,de)")
    run.add_argument("--links", help="also write the word links of every bead (Pharaoh format) to this file")
    run.add_argument("--words", action="store_true",
                     help="also link the words inside every bead (implied by --links; costs about one sentence "
                          "embedding pass)")

    split = commands.add_parser("split", help="print the sentences of a text, a blank line between paragraphs")
    split.add_argument("file")
    split.add_argument("--lang", help="language code (default: detected)")

    work = commands.add_parser("corpus", help="align a work (a folder under texts/) and store its alignment")
    work.add_argument("folder", nargs="?", default=str(corpus.TEXTS_DIR / "sorin-1918"))
    work.add_argument("--model", help="a sentence-transformers model name or path")
    work.add_argument("--force", action="store_true",
                      help="align again even though the stored alignment holds corrections made by hand (they are lost)")

    batch = commands.add_parser("batch", help="align every work under a folder (the texts/ layout)")
    batch.add_argument("folder", help="a folder of works, each a folder with a meta.json")
    batch.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: this machine's processes (default); ray: a Ray cluster (pip install 'align[ray]')")
    batch.add_argument("--address", help="the Ray cluster to join (auto, ray://host:port); default: start one here")
    batch.add_argument("--workers", type=int, help="worker processes, each holding the model (default: one per core)")
    batch.add_argument("--model", help="a sentence-transformers model name or path")
    batch.add_argument("--force", action="store_true",
                       help="align works again even where their alignment holds corrections made by hand (they are lost)")

    find = commands.add_parser("search", help="search every stored alignment of a library")
    find.add_argument("query")
    find.add_argument("--library", required=True, metavar="DIR", help="a folder of works, as for align batch")
    how = find.add_mutually_exclusive_group()
    how.add_argument("--regex", action="store_true", help="the query is a regular expression (RE2 syntax)")
    how.add_argument("--meaning", action="store_true", help="find beads close in meaning, in any language")
    find.add_argument("--limit", type=int, default=50, help="at most this many beads (default 50)")

    links = commands.add_parser("words", help="link the words of sentence pairs (Pharaoh format out)")
    links.add_argument("src", help="one sentence per line")
    links.add_argument("tgt", help="one sentence per line, line k renders line k of SRC")
    links.add_argument("--pretokenized", action="store_true", help="tokens are separated by spaces")
    links.add_argument("-o", "--output", help="write the links here (default: stdout)")
    links.add_argument("--model", help="a sentence-transformers model name or path (default: bundled USE-m v3)")
    links.add_argument("--src-lang", help="language code of SRC (default: detected)")
    links.add_argument("--tgt-lang", help="language code of TGT (default: detected)")

    convert = commands.add_parser("export", help="convert a stored alignment to another format")
    convert.add_argument("alignment", help="a .parquet file written by align")
    convert.add_argument("output", help="the file to write; its extension names the format")
    convert.add_argument("--columns", nargs=2, type=int, metavar=("I", "J"),
                         help="only texts I and J (0-based, in the order given to run; 0 = the pivot)")
    return parser


def _check_outputs(inputs: list[str], outputs: list[tuple[str, str]]) -> dict[Path, str]:
    """Check every output (path, format) before the work starts: writable, a regular file or none
    yet, distinct from the inputs and from each other. Returns the file each one writes, and its format."""
    store.check_distinct([path for path, _ in outputs], inputs)
    return {store.check_output(path): fmt for path, fmt in outputs}


def _run_outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    beads = [(args.beads, "beads")] if args.beads else []
    links = [(args.links, "links")] if args.links else []
    return [(args.output, "parquet"), *beads, *links, *((path, export.export_format(path)) for path in args.export)]


def _run(args: argparse.Namespace) -> None:
    if len(args.texts) < 2:
        raise AlignError("give at least two texts: the original (or pivot) and a translation")
    targets = _check_outputs(list(args.texts), _run_outputs(args))
    if Path(args.output).suffix.lower() != ".parquet":
        raise AlignError(f"{args.output}: the alignment is a .parquet file; use --export for {Path(args.output).suffix or 'other formats'}")
    if args.langs and (args.src_lang or args.tgt_lang):
        raise AlignError("give the languages either with --langs or with --src-lang/--tgt-lang, not both")
    if len(args.texts) > 2 and "beads" in targets.values():
        raise AlignError("Vecalign beads hold two texts: write them with `align export OUT.parquet FILE.beads --columns I J`")
    langs = args.langs.split(",") if args.langs else [args.src_lang, args.tgt_lang] + [None] * (len(args.texts) - 2)
    alignment = pipeline.align_texts(
        args.texts, model=args.model, presplit=args.presplit, langs=[lang or None for lang in langs],
        progress=_StderrProgress(), with_words=args.words or "links" in targets.values(),
    )
    _write(alignment, targets)
    _summary(alignment, args.output, args.model)


def _write(alignment: Alignment, targets: dict[Path, str]) -> None:
    """Every output rendered first, then all committed together: all are written or none."""
    store.write_all({path: export.render(alignment, fmt) for path, fmt in targets.items()})


def _summary(alignment: Alignment, output: str, model: str | None) -> None:
    if alignment.others:
        sizes = " x ".join(str(len(side.sentences)) for side in alignment.sides)
        _say(f"{sizes} sentences -> {len(alignment.beads)} rows -> {output}")
        for k in range(1, len(alignment.sides)):
            _summary(alignment.pair(k), f"pair 0-{k}", model)
        return
    beads = alignment.beads
    low = sum(b.score < LOW_CONFIDENCE for b in beads)
    _say(f"{len(alignment.src.sentences)} x {len(alignment.tgt.sentences)} sentences -> {len(beads)} beads "
         f"({sum(not b.tgt for b in beads)} src-only, {sum(not b.src for b in beads)} tgt-only, "
         f"{low} low-confidence) -> {output}")
    # the sentences' vectors are in the embedding cache by now: only the model is loaded again
    embedder = functools.cache(lambda: load_embedder(model))
    for line in gaps.report(alignment, lambda texts: embedder().encode(texts)) + chapters.unmatched(alignment):
        _say(f"  {line}")
    warning = checks.parallel_warning(alignment)
    if warning:
        _say(f"align: warning: {warning}")


def _split(args: argparse.Namespace) -> None:
    sentences = pipeline.read_side(args.file, args.lang).sentences  # a book in any format
    out = []
    for previous, sentence in zip([None, *sentences], sentences):
        if previous is not None and previous.paragraph != sentence.paragraph:
            out.append("")
        out.append(sentence.text)
    sys.stdout.write("\n".join(out) + "\n")


def _corpus(args: argparse.Namespace) -> None:
    work = corpus.load_work(args.folder)
    output = str(work.alignment_path)
    targets = _check_outputs([str(text.path) for text in work.texts], [(output, "parquet")])
    library.check_replaceable(work.alignment_path)
    corrected = library.corrections(work.alignment_path) if work.alignment_path.exists() else 0
    if corrected and not args.force:
        if library.is_current(work, args.model):  # aligning again would give the same beads, uncorrected
            _say(f"{output}: current, with {corrected} bead(s) corrected by hand: kept "
                 "(--force aligns it again and drops them)")
            return
        raise AlignError(f"{output} holds {corrected} bead(s) corrected by hand, and the texts or the model "
                         "changed since; aligning again would drop them: give --force to align it anyway")
    for n, text in enumerate(work.texts):
        note = "  (NOT the original: a stand-in until the original is supplied)" if text.role == "working translation" else ""
        _say(f"{n}: {text.path.name}: {text.lang}, {text.role}{note}")
    alignment = pipeline.align_work(work, args.model, _StderrProgress())
    _write(alignment, targets)
    _summary(alignment, output, args.model)


def _export(args: argparse.Namespace) -> None:
    targets = _check_outputs([args.alignment], [(args.output, export.export_format(args.output))])
    alignment = store.read_parquet(args.alignment)
    if args.columns:
        alignment = multi.between(alignment, *args.columns)
    elif "beads" in targets.values() and alignment.others:
        raise AlignError(f"{args.alignment} holds {len(alignment.sides)} texts: choose two with --columns I J")
    if "links" in targets.values() and not any(bead.words for bead in alignment.beads):
        _say(f"align: warning: {args.alignment} holds no word links (align run --words): every line is empty")
    _write(alignment, targets)


def _batch(args: argparse.Namespace) -> int:
    outcomes = run_batch(args.folder, args.engine, args.workers, args.address, args.model, _StderrProgress(), args.force)
    sys.stdout.write(format_report(outcomes))
    failed = sum(o.status == "failed" for o in outcomes)
    _say(f"{len(outcomes)} works: {sum(o.status == 'aligned' for o in outcomes)} aligned, "
         f"{sum(o.status == 'skipped' for o in outcomes)} skipped, {failed} failed -> {Path(args.folder) / REPORT}")
    return 1 if failed else 0


def _search(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise AlignError(f"--limit must be at least 1, not {args.limit}")
    if not args.query.strip():
        raise AlignError("no query: give the words to find (or --regex PATTERN, or --meaning WORDS)")
    if args.meaning and not any(char.isalpha() for char in args.query):
        raise AlignError("a search by meaning needs words")
    if not library.stored(args.library):
        raise AlignError(f"{args.library}: no stored alignments to search; run align batch {args.library} first")
    if args.meaning:
        found = library.search_meaning(args.library, library.meaning_index(args.library), args.query, limit=args.limit)
    else:
        found = library.search_text(args.library, args.query, regex=args.regex, limit=args.limit)
    for hit in found.hits:
        texts = "\t".join(" ".join(text.split()) for text in hit.texts)
        score = f"\t{hit.score:.2f}" if hit.score is not None else ""
        work = _one_line(store.shown(hit.work))  # a folder's name may not be UTF-8, may hold a tab
        sys.stdout.write(f"{work}\t{hit.bead}{score}\t{texts}\n")
    shown = f"{len(found.hits)} of {found.total} beads" if found.total > len(found.hits) else f"{found.total} beads"
    _say(shown + (f": {found.why}" if found.why else ""))


def _words(args: argparse.Namespace) -> None:
    from .words import align_words, format_links

    targets = _check_outputs([args.src, args.tgt], [(args.output, "links")]) if args.output else {}
    texts = [read_text(path) for path in (args.src, args.tgt)]
    langs = [lang or _language(text) for lang, text in zip((args.src_lang, args.tgt_lang), texts)]
    lines = [text.split("\n") for text in texts]
    for side in lines:  # a final newline ends the last line; it does not open another
        if len(side) > 1 and side[-1] == "":
            side.pop()
    links = align_words(*lines, load_embedder(args.model), *langs, pretokenized=args.pretokenized)
    out = "".join(format_links(pair) + "\n" for pair in links)
    if targets:
        store.write_all(dict.fromkeys(targets, out))
    else:
        sys.stdout.write(out)


def _language(text: str) -> str:
    """The detected language, or "" (no stemming) for a text without Latin or Cyrillic letters."""
    try:
        return detect_language(text)
    except AlignError:
        return ""


def main(argv: list[str] | None = None) -> int:
    _report_warnings()
    try:
        args = _parser().parse_args(argv)
    except _UsageError as error:
        _say(f"align: error: {error} (see align --help)")
        return 2
    handlers = {"run": _run, "split": _split, "corpus": _corpus, "export": _export, "batch": _batch,
                "search": _search, "words": _words}
    # SIGTERM and SIGHUP (a closed terminal) end the command the way Ctrl-C does
    stops = (signal.SIGTERM, signal.SIGHUP) if threading.current_thread() is threading.main_thread() else ()
    previous = {number: signal.signal(number, _on_sigterm) for number in stops}
    try:
        status = handlers[args.command](args)
    except AlignError as error:
        _say(f"align: error: {error}")
        return 2
    except OSError as error:
        _say(f"align: error: {error.filename or ''}: {error.strerror or error}")
        return 2
    except _Terminated:
        print("align: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return status or 0


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(message: str) -> str:
    """A message kept on one line whatever a file's name holds: control characters (a newline, a
    terminal's escape) written as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], message)


def _say(message: str) -> None:
    print(_one_line(message), file=sys.stderr)


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _one_line(super().format(record))


class _Once(logging.Filter):
    """Let each distinct message through once (a language warning is not repeated per text pair)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self._seen:
            return False
        self._seen.add(message)
        return True


def _report_warnings() -> None:
    """Warnings of the library (a replaced byte, a damaged cache) as one line each on stderr."""
    logger = logging.getLogger("align")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine("align: warning: %(message)s"))
        handler.addFilter(_Once())
        logger.addHandler(handler)
        logger.propagate = False


def console() -> NoReturn:
    """The `align` command: main's exit status, without the interpreter's teardown, in which the
    native thread pools of pyarrow and DuckDB aborted the process now and then (exit 134 after
    the right message; apache/arrow#34314). Everything is written and closed by then."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            pass
    os._exit(status)


if __name__ == "__main__":
    console()
