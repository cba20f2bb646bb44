"""What the second pass is asked for and what its budget grants, per development set: characters
of the uncertain stretches' joined runs (requested, with no budget) against those it embeds
(granted), doubtful beads left unread for lack of budget, and the missed gold beads that lie in
such beads (the errors a larger budget could have reached).

    python benchmarks/refine_budget.py [--corpora ../shared/corpora] [--only SET] [--param NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align import aligner  # noqa: E402
from align.embed import load_embedder  # noqa: E402
from align.evaluate import align_gold_doc, gold_sets, parse_beads  # noqa: E402
from dev_sets import params_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def runs_chars(marks: tuple, lengths: tuple) -> float:
    return sum(size for side, lens in zip(marks, lengths) for _, _, size in aligner._joined_runs(side, lens))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--only", action="append")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    params, embedder = params_of(args.param), load_embedder()
    original = aligner._uncertain
    record: list[dict] = []

    def recording(path, confidence, src_lengths, tgt_lengths, params, speeches=None):  # noqa: ANN001
        granted = original(path, confidence, src_lengths, tgt_lengths, params, speeches)
        wanted = original(path, confidence, src_lengths, tgt_lengths, replace(params, refine_allowance=10**12), speeches)
        lengths = (src_lengths, tgt_lengths)
        record.append({"requested": runs_chars(wanted, lengths), "granted": runs_chars(granted, lengths),
                       "skipped": (wanted[0] & ~granted[0], wanted[1] & ~granted[1]),
                       "chars": float(src_lengths.sum() + tgt_lengths.sum()),
                       "doubtful": sum(1 for (s, t) in path
                                       if wanted[0][list(s)].any() or wanted[1][list(t)].any()),
                       "unread": sum(1 for (s, t) in path if (wanted[0][list(s)].any() or wanted[1][list(t)].any())
                                     and not (granted[0][list(s)].any() or granted[1][list(t)].any()))})
        return granted

    aligner._uncertain = recording
    for name, docs in gold_sets(args.corpora).items():
        if args.only and name not in args.only:
            continue
        total = {"chars": 0.0, "requested": 0.0, "granted": 0.0, "doubtful": 0, "unread": 0, "missed": 0, "in_unread": 0}
        for doc in docs:
            record.clear()
            found = set(align_gold_doc(doc, embedder, params))
            gold = parse_beads(doc.gold.read_text(encoding="utf-8"))
            r = record[-1]
            for key in ("chars", "requested", "granted", "doubtful", "unread"):
                total[key] += r[key]
            missed = [(tuple(s), tuple(t)) for s, t in gold if (tuple(s), tuple(t)) not in found]
            total["missed"] += len(missed)
            total["in_unread"] += sum(1 for s, t in missed if r["skipped"][0][list(s)].any() or r["skipped"][1][list(t)].any())
        print(f"{name}: text {total['chars']:.0f} chars, requested {total['requested']:.0f} "
              f"({total['requested'] / total['chars']:.1%}), granted {total['granted']:.0f} "
              f"({total['granted'] / max(1.0, total['requested']):.0%} of requested); doubtful beads {total['doubtful']}, "
              f"unread {total['unread']}; missed gold beads {total['missed']}, in unread stretches {total['in_unread']}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
