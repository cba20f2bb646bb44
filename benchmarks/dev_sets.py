"""Every development set at once, for judging a change of the aligner's weights: strict F1 per gold
set (as `align run --presplit`, like quality.py), pooled over the four English-French TransRead
novels, and on Text+Berg's book-structure cases (preface, endnotes, a different preface on each
side, middle missing from either side, runs of sentences left out or added, joined or split:
structure.py),
on one line. A change is worth keeping only if it holds up across the line, not on one set.

    python benchmarks/dev_sets.py [--corpora ../shared/corpora] [--param NAME=VALUE ...]

--param overrides a field of aligner.Params, e.g. --param refine_budget=0.3 --param skip_gain=-3.0.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align.embed import load_embedder  # noqa: E402
from align.evaluate import align_gold_doc, gold_sets, parse_beads, score  # noqa: E402
from align.segment import read_lines  # noqa: E402
import structure  # noqa: E402  (the sibling benchmark's perturbations)
import _tuning as tuning  # noqa: E402

NOVELS = ("alice-en-fr", "emma-en-fr", "janeeyre-en-fr", "swann-en-fr")
STRUCTURE_SET = "text-berg-de-fr"


def main() -> int:
    args = tuning.parsed_arguments(__doc__)
    params, embedder = tuning.params_of(args.param), load_embedder()
    sets = gold_sets(args.corpora)
    cells, novels_gold, novels_found = [], [], []
    for name, docs in sets.items():
        gold = [parse_beads(d.gold.read_text(encoding="utf-8")) for d in docs]
        found = [align_gold_doc(d, embedder, params) for d in docs]
        cells.append(f"{name} {score(gold, found).f1_strict:.3f}")
        if name in NOVELS:
            novels_gold, novels_found = novels_gold + gold, novels_found + found
    cells.append(f"novels pooled {score(novels_gold, novels_found).f1_strict:.3f}")
    cases = []
    for case_name in structure.CASES[1:]:
        gold, found = [], []
        for doc in sets[STRUCTURE_SET]:
            case = structure.perturb(case_name, read_lines(doc.src), read_lines(doc.tgt),
                                     parse_beads(doc.gold.read_text(encoding="utf-8")), *structure.fillers(sets, doc), 150)
            gold.append(case.gold)
            found.append(structure.run_case(case, embedder, params))
        cases.append(f"{score(gold, found).f1_strict:.3f}")
    cells.append(f"{STRUCTURE_SET} {'/'.join(structure.CASES[1:])} {'/'.join(cases)}")
    print(" | ".join(cells), "|", " ".join(args.param) or "defaults")
    return 0


if __name__ == "__main__":
    sys.exit(main())
