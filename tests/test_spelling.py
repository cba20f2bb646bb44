"""Words spelled alike: keys, the script gate, and the aligner following names the model cannot tell apart."""

from __future__ import annotations

import numpy as np
import pytest

from align import aligner
from align.spelling import DIMENSIONS, SharedSpelling, keys


def test_keys_are_numbers_and_folded_word_beginnings() -> None:
    assert keys("Émile paid 1918 francs to Mr. Knightley, ok?") == ("emil", "paid", "#1918", "fran", "knig")


def test_texts_in_different_scripts_share_nothing_worth_appending() -> None:
    english = ["Mr. Weston came to Hartfield.", "Emma waited for Knightley."]
    french = ["M. Weston vint à Hartfield.", "Emma attendit Knightley."]
    russian = ["Мистер Уэстон приехал в Хартфилд.", "Эмма ждала Найтли."]
    assert SharedSpelling.of(english, russian) is None
    spelling = SharedSpelling.of(english, french)
    assert spelling is not None
    vectors = spelling.vectors(english + french)
    assert vectors.shape == (4, DIMENSIONS)
    similar = vectors[:2] @ vectors[2:].T
    assert similar[0, 0] > similar[0, 1] and similar[1, 1] > similar[1, 0]


def test_texts_in_different_scripts_are_told_apart_before_any_key_is_read() -> None:
    keys.cache_clear()
    assert SharedSpelling.of(["Мистер Уэстон приехал в Хартфилд."], ["韦斯顿先生来到哈特菲尔德。"]) is None
    assert keys.cache_info().currsize == 0  # a book's keys took 0.5 s to read, for nothing


@pytest.mark.parametrize("names_first", [True, False])
def test_the_aligner_follows_shared_names_where_meaning_and_length_cannot_tell(names_first: bool) -> None:
    # the French splits its middle sentence between the two English ones; the model sees every
    # sentence alike and the lengths fit either way (60 = 30 + 30): only the names say which
    # English sentence the middle one belongs to
    src = ["Alice found Bertrand and Charlotte.", "Edmond visited Fabienne and Gaston."]
    middle = "Et Charlotte." if names_first else "Et Gaston."
    tgt = ["Alice trouva Bertrand.", middle, "Edmond rendit visite à Fabienne."]

    def side(texts: list[str], length: float) -> aligner.EmbeddedText:
        same = np.ones((len(texts), 8), dtype=np.float32) / np.sqrt(8)
        return aligner.EmbeddedText(same, np.full(len(texts), length), texts)

    beads = [bead for bead, _ in aligner.align(side(src, 60.0), side(tgt, 30.0))]
    assert beads == ([((0,), (0, 1)), ((1,), (2,))] if names_first else [((0,), (0,)), ((1,), (1, 2))])
