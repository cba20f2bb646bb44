"""Does it matter which text is the source? Every gold set aligned both ways (as `align run
--presplit`): strict F1 with the set's source as the source, then with its target as the source
(the gold beads turned round). Readers align in both directions: an English translation against its
French original, or the original against the translation.

    python benchmarks/directions.py [--corpora ../shared/corpora] [--param NAME=VALUE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align.embed import load_embedder  # noqa: E402
from align.evaluate import GoldDoc, align_gold_doc, gold_sets, parse_beads, score  # noqa: E402
import _tuning as tuning  # noqa: E402


def main() -> int:
    args = tuning.parsed_arguments(__doc__)
    embedder, params = load_embedder(), tuning.params_of(args.param)
    print("| set | as given | turned round |\n|---|---|---|")
    pooled: dict[str, list] = {"gold": [], "given": [], "turned": []}
    for name, docs in gold_sets(args.corpora).items():
        gold = [parse_beads(d.gold.read_text(encoding="utf-8")) for d in docs]
        given = [align_gold_doc(d, embedder, params) for d in docs]
        turned = [[(t, s) for s, t in align_gold_doc(GoldDoc(d.tgt, d.src, d.gold), embedder, params)] for d in docs]
        print(f"| {name} | {score(gold, given).f1_strict:.3f} | {score(gold, turned).f1_strict:.3f} |", flush=True)
        for key, beads in (("gold", gold), ("given", given), ("turned", turned)):
            pooled[key] += beads
    both = score(pooled["gold"] * 2, pooled["given"] + pooled["turned"])
    print(f"| pooled, both ways | {both.f1_strict:.3f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
