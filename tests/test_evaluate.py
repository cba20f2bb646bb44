"""Evaluation: strict and lax precision, recall and F1 of bead alignments, worked out by hand."""

from __future__ import annotations

import pytest

from align.evaluate import boundary_f1, parse_beads, score
from align.export import format_beads
from align.records import AlignError


def B(src, tgt):
    return (tuple(src), tuple(tgt))


def check(result, ps, rs, fs, pl, rl, fl):
    got = (result.precision_strict, result.recall_strict, result.f1_strict,
           result.precision_lax, result.recall_lax, result.f1_lax)
    assert got == pytest.approx((ps, rs, fs, pl, rl, fl))


def test_perfect():
    gold = [B([0], [0]), B([1, 2], [1]), B([3], [2, 3])]
    check(score([gold], [gold]), 1, 1, 1, 1, 1, 1)


def test_mixed_case_by_hand():
    gold = [B([0], [0]), B([1], [1, 2]), B([2], []), B([3], [3])]
    test = [B([0], [0]), B([1], [1]), B([], [2]), B([2], []), B([3], [3])]
    # precision over all 5 predicted beads: strict hits [0]:[0], [2]:[] (a deletion matching gold), [3]:[3] -> 3/5;
    # lax adds [1]:[1] (shares source 1 and target 1 with gold [1]:[1, 2]) -> 4/5; []:[2] has no source -> miss.
    # recall over gold beads with both sides (3): [0]:[0], [3]:[3] strict -> 2/3; [1]:[1, 2] lax -> 3/3.
    ps, rs = 3 / 5, 2 / 3
    check(score([gold], [test]), ps, rs, 2 * ps * rs / (ps + rs), 4 / 5, 1.0, 2 * 0.8 / 1.8)


def test_predicted_deletion_matching_gold_is_a_strict_hit():
    gold = [B([0], [0]), B([3], []), B([1], [1])]
    test = [B([0], [0]), B([3], []), B([1], [1])]
    check(score([gold], [test]), 1, 1, 1, 1, 1, 1)


def test_predicted_deletion_not_in_gold():
    gold = [B([0], [0]), B([1], [1])]
    test = [B([0], [0]), B([1], [])]
    # precision: [1]:[] is neither strict nor lax (no target to share) -> 1/2; recall: gold [1]:[1] missed -> 1/2.
    check(score([gold], [test]), 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)


def test_recall_ignores_beads_with_an_empty_side():
    gold = [B([0], [0]), B([1], []), B([], [1]), B([2], [2])]
    test = [B([0], [0]), B([2], [2])]
    # every predicted bead is right; the gold deletion and insertion do not count against recall.
    check(score([gold], [test]), 1, 1, 1, 1, 1, 1)


def test_lax_hit_shares_a_source_and_a_target():
    gold = [B([0], [0]), B([1], [1])]
    test = [B([0, 1], [0, 1])]
    # precision: strict 0/1, lax 1/1; recall: both gold beads meet the predicted 2-2 -> strict 0/2, lax 2/2.
    check(score([gold], [test]), 0, 0, 0, 1, 1, 1)


def test_no_lax_hit_when_source_and_target_belong_to_different_gold_beads():
    gold = [B([0], [0]), B([1], [1])]
    test = [B([0], [1]), B([1], [0])]
    check(score([gold], [test]), 0, 0, 0, 0, 0, 0)


def test_counts_are_pooled_over_documents():
    gold1 = [B([0], [0]), B([1], [1])]
    gold2 = [B([0], [0]), B([1], [1]), B([2], [2]), B([3], [3])]
    test1 = gold1
    test2 = [B([0], [1]), B([1], [0]), B([2], [3]), B([3], [2])]
    # pooled: 2 hits of 6 (a per-document mean would give 0.5)
    check(score([gold1, gold2], [test1, test2]), 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3)


def test_duplicate_predictions_count_once():
    gold = [B([0], [0]), B([1], [1])]
    test = [B([0], [0]), B([0], [0]), B([1], [1])]
    check(score([gold], [test]), 1, 1, 1, 1, 1, 1)


def test_empty_prediction():
    gold = [B([0], [0])]
    check(score([gold], [[]]), 0, 0, 0, 0, 0, 0)


def test_document_counts_must_match():
    with pytest.raises(ValueError):
        score([[B([0], [0])]], [])


def test_parse_and_format_beads():
    text = "[0]:[0, 1]\n\n[1, 2]:[2]\n[3]:[]\n[]:[3]\n"
    beads = parse_beads(text)
    assert beads == [B([0], [0, 1]), B([1, 2], [2]), B([3], []), B([], [3])]
    assert format_beads(beads) == text.replace("\n\n", "\n")


@pytest.mark.parametrize("line", ["[0]-[1]", "[0]:[1]:[2]", "[0]:[x]", "hello"])
def test_parse_beads_errors_name_the_line(line):
    with pytest.raises(AlignError, match="line 2"):
        parse_beads("[0]:[0]\n" + line + "\n")


def test_boundary_f1():
    gold = ["One.", "Two.", "Three."]
    assert boundary_f1(gold, gold) == (1.0, 1.0, 1.0)
    # one boundary found of two; no false ones
    assert boundary_f1(["One. Two.", "Three."], gold) == pytest.approx((1.0, 0.5, 2 / 3))
    with pytest.raises(ValueError):
        boundary_f1(["One."], gold)
