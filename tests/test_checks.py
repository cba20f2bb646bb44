"""The suspicious-bead checks: lengths, numbers, names."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import make_alignment

from align import checks


@pytest.mark.parametrize("latin, cyrillic", [("Bantry", "Бантри"), ("Sorin", "Сорин"), ("Moscow", "Москва"),
                                             ("Bukharin", "Бухарин"), ("Trotsky", "Троцкий")])
def test_names_in_either_alphabet_share_a_skeleton(latin, cyrillic):
    assert checks.skeleton(latin) == checks.skeleton(cyrillic)


def test_numbers_ignore_separators_and_read_roman_numerals():
    assert checks.numbers("In 1918 there were 1,000 men") == checks.numbers("В 1918 году было 1 000 человек")
    assert checks.numbers("3.5 per cent") == checks.numbers("3,5 процента")
    assert checks.numbers("the XIX century, chapter IV") == {"19", "4"}
    assert checks.numbers("I said MIX") == set()  # a pronoun and a word are not numerals


def regular(n: int, extra_src: list[str] = (), extra_tgt: list[str] = ()):
    """n ordinary 1-1 beads of similar lengths, then the given extra sentences as one more 1-1 bead."""
    src = [f"Sentence number {i} is an ordinary one." for i in range(n)] + list(extra_src)
    tgt = [f"Предложение номер {i} обычное." for i in range(n)] + list(extra_tgt)
    beads = [((i,), (i,)) for i in range(len(src))]
    return make_alignment(src, tgt, beads)


def test_a_regular_document_has_nothing_suspicious():
    assert checks.check(regular(12)) == {}


def test_number_mismatch():
    reasons = checks.check(regular(12, ["Sentence number 1917 is an ordinary one."], ["Предложение номер 1918 обычное."]))
    assert list(reasons) == [12]
    assert "1917 only in the source" in reasons[12][0] and "1918 only in the target" in reasons[12][0]


def test_length_outlier():
    long = "Это предложение в переводе вдруг стало гораздо, гораздо длиннее, чем в оригинале, " * 3
    reasons = checks.check(regular(12, ["Short one."], [long]))
    assert list(reasons) == [12]
    assert reasons[12][0].startswith("length: the target side")


def test_a_name_shifted_to_the_neighbouring_bead_is_flagged():
    alignment = make_alignment(
        ["Then the ship sailed.", "It reached Bantry at dawn.", "Nobody was there."],
        ["Потом корабль отплыл.", "Он пришел на рассвете.", "В Бантри никого не было."],
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
    )
    reasons = checks.check(alignment)
    assert set(reasons) == {1, 2}
    assert "Bantry (source)" in reasons[1][0]
    assert "Бантри (target)" in reasons[2][0]


def test_names_the_other_text_never_spells_are_not_judged():
    # "November" is translated, "Vladimir" abbreviated: no way to match them, so no complaint
    alignment = make_alignment(
        ["The November Revolution came.", "Written by Vladimir Sorin."],
        ["Пришла Ноябрьская революция.", "Написал В. Сорин."],
        [((0,), (0,)), ((1,), (1,))],
    )
    assert checks.check(alignment) == {}


def test_sorin_is_quiet(sorin):
    """A faithful translation: only the title lines ("By Vladimir Sorin" / "В. Сорин") stand out."""
    reasons = checks.check(sorin)
    assert all(r.startswith("length:") for rs in reasons.values() for r in rs)
    assert 1 <= len(reasons) <= 3
    texts = [" ".join(sorin.src.sentences[i].text for i in sorin.beads[n].src) for n in reasons]
    assert "By Vladimir Sorin" in texts


def test_confident_share_counts_sentences_in_confident_pairs():
    alignment = make_alignment(["a", "b", "c", "d"], ["а", "б", "в"], [((0, 1), (0,)), ((2,), ()), ((3,), (1, 2))])
    assert checks.confident_share(alignment) == 6 / 7  # make_alignment scores every bead 0.9
    assert checks.parallel_warning(alignment) is None
    doubtful = replace(alignment, beads=tuple(replace(b, score=0.3) for b in alignment.beads[:2]) + alignment.beads[2:])
    assert checks.confident_share(doubtful) == 3 / 7
    unsure = replace(alignment, beads=tuple(replace(b, score=0.3) for b in alignment.beads))
    assert checks.confident_share(unsure) == 0.0
    assert "do not look like translations" in checks.parallel_warning(unsure)
    # a sentence or two a side: no anchor can be found, and so nothing can be told
    short = make_alignment(["a"], ["b", "c"], [((0,), (0, 1))])
    assert "too few sentences to tell" in checks.parallel_warning(replace(short, beads=(replace(short.beads[0], score=0.0),)))
