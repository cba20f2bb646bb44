"""The `align` command: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import corpus, export, pipeline
from .evaluate import format_beads
from .read import read_text
from .records import AlignError, Alignment
from .segment import detect_language, split_sentences
from .store import check_writable, write_atomically, write_parquet


class _StderrProgress:
    """Progress of long steps on stderr, at most a few lines a second."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.5:
            return
        self._last = now
        end = "\n" if done >= total else "\r"
        print(f"{step}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="align", description="Align a translation with its original.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="align two text files")
    run.add_argument("src", help="left side of every bead (e.g. the translation)")
    run.add_argument("tgt", help="right side of every bead (e.g. the original)")
    run.add_argument("-o", "--output", required=True, help="the alignment, a .parquet file")
    run.add_argument("--beads", help="also write the beads in Vecalign format to this file")
    run.add_argument("--export", action="append", default=[], metavar="FILE",
                     help="also export to FILE (.tmx, .tsv, .csv, .jsonl, .beads, .html); repeatable")
    run.add_argument("--presplit", action="store_true", help="each non-empty line is one sentence")
    run.add_argument("--model", help="a sentence-transformers model name or path (default: bundled USE-m v3)")
    run.add_argument("--src-lang", help="language code of SRC (default: detected)")
    run.add_argument("--tgt-lang", help="language code of TGT (default: detected)")
    run.add_argument("--links", help="also write the word links of every bead (Pharaoh format) to this file")
    run.add_argument("--no-words", action="store_true", help="skip word links (faster)")

    split = commands.add_parser("split", help="print the sentences of a text, a blank line between paragraphs")
    split.add_argument("file")
    split.add_argument("--lang", help="language code (default: detected)")

    pair = commands.add_parser("corpus", help="align a corpus folder under texts/ and store its alignment")
    pair.add_argument("folder", nargs="?", default=str(corpus.TEXTS_DIR / "sorin-1918"))
    pair.add_argument("--model", help="a sentence-transformers model name or path")

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
    return parser


def _check_outputs(output: str, beads: str | None = None, exports: list[str] = ()) -> None:
    """Refuse bad output paths before the work starts, so that a run writes all its files or none."""
    for path in (output, beads, *exports):
        if path:
            check_writable(path)
    for path in exports:
        export.export_format(path)
    if Path(output).suffix.lower() != ".parquet":
        raise AlignError(f"{output}: the alignment is a .parquet file; use --export for {Path(output).suffix or 'other formats'}")


def _run(args: argparse.Namespace) -> None:
    if args.links and args.no_words:
        raise AlignError("--links needs the word links; drop --no-words")
    _check_outputs(args.output, args.beads, [*args.export, *([args.links] if args.links else [])])
    alignment = pipeline.align_files(
        args.src, args.tgt, model=args.model, presplit=args.presplit,
        src_lang=args.src_lang, tgt_lang=args.tgt_lang, progress=_StderrProgress(), with_words=not args.no_words,
    )
    _write(alignment, args.output, args.beads, args.export, args.links)


def _write(alignment: Alignment, output: str, beads: str | None = None, exports: list[str] = (),
           links: str | None = None) -> None:
    write_parquet(alignment, output)
    if beads:
        write_atomically(beads, format_beads((b.src, b.tgt) for b in alignment.beads))
    if links:
        export.export_file(alignment, links)
    for path in exports:
        export.export_file(alignment, path)
    _summary(alignment, output)


def _summary(alignment: Alignment, output: str) -> None:
    beads = alignment.beads
    low = sum(b.score < pipeline.LOW_CONFIDENCE for b in beads)
    print(
        f"{len(alignment.src.sentences)} x {len(alignment.tgt.sentences)} sentences -> {len(beads)} beads "
        f"({sum(not b.tgt for b in beads)} src-only, {sum(not b.src for b in beads)} tgt-only, "
        f"{low} low-confidence) -> {output}",
        file=sys.stderr,
    )


def _split(args: argparse.Namespace) -> None:
    text = read_text(args.file)
    sentences = split_sentences(text, args.lang or detect_language(text))
    out = []
    for previous, sentence in zip([None, *sentences], sentences):
        if previous is not None and previous.paragraph != sentence.paragraph:
            out.append("")
        out.append(sentence.text)
    sys.stdout.write("\n".join(out) + "\n")


def _corpus(args: argparse.Namespace) -> None:
    pair = corpus.load_pair(args.folder)
    _check_outputs(str(pair.alignment_path))
    for text in (pair.src, pair.tgt):
        note = "  (NOT the original: a stand-in until the original is supplied)" if text.role == "working translation" else ""
        print(f"{text.path.name}: {text.lang}, {text.role}{note}", file=sys.stderr)
    _write(pipeline.align_pair(pair, args.model, _StderrProgress()), str(pair.alignment_path))


def _export(args: argparse.Namespace) -> None:
    from .store import read_parquet

    check_writable(args.output)
    export.export_format(args.output)
    export.export_file(read_parquet(args.alignment), args.output)


def _words(args: argparse.Namespace) -> None:
    from .embed import load_embedder
    from .words import align_words, format_links

    if args.output:
        check_writable(args.output)
    texts = [read_text(path) for path in (args.src, args.tgt)]
    langs = [lang or _language(text) for lang, text in zip((args.src_lang, args.tgt_lang), texts)]
    lines = [text.split("\n") for text in texts]
    for side in lines:  # a final newline ends the last line; it does not open another
        if len(side) > 1 and side[-1] == "":
            side.pop()
    links = align_words(*lines, load_embedder(args.model), *langs, pretokenized=args.pretokenized)
    out = "".join(format_links(pair) + "\n" for pair in links)
    if args.output:
        write_atomically(args.output, out)
    else:
        sys.stdout.write(out)


def _language(text: str) -> str:
    """The detected language, or "" (no stemming) for a text without Latin or Cyrillic letters."""
    try:
        return detect_language(text)
    except AlignError:
        return ""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"run": _run, "split": _split, "corpus": _corpus, "export": _export, "words": _words}
    try:
        handlers[args.command](args)
    except AlignError as error:
        print(f"align: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"align: error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
