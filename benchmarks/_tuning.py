"""What the benchmarks that judge the aligner's weights share: where the gold sets are, and
--param NAME=VALUE overrides of aligner.Params."""

from __future__ import annotations

import argparse
import ast
from dataclasses import fields, replace
from pathlib import Path

from align import aligner

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--corpora and --param."""
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="override a field of aligner.Params, e.g. skip_gain=-3.0")


def parsed_arguments(description: str) -> argparse.Namespace:
    """--corpora and --param of a benchmark's command line; exits with status 2 without corpora."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args()
    if not args.corpora.is_dir():
        parser.exit(2, f"no corpora at {args.corpora}\n")
    return args


def params_of(overrides: list[str]) -> aligner.Params:
    """aligner.Params with NAME=VALUE overrides (values as Python literals)."""
    names = {f.name for f in fields(aligner.Params)}
    changes = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in names:
            raise SystemExit(f"--param: no field {name!r} in aligner.Params")
        changes[name] = ast.literal_eval(value)
    return replace(aligner.Params(), **changes)
