"""Tests of language identification and model coverage (align.language)."""

from __future__ import annotations

import pytest

from align.language import coverage_warning, covered, detect_language, language_name
from align.records import AlignError

PARAGRAPHS = {
    "en": "The old house stood at the end of the street. Nobody had lived there for years, and the garden was full of weeds.",
    "ru": "Старый дом стоял в конце улицы. Никто не жил в нём уже много лет, и сад зарос сорняками.",
    "de": "Das alte Haus stand am Ende der Straße. Seit Jahren hatte niemand mehr dort gewohnt, und der Garten war voller Unkraut.",
    "fr": "La vieille maison se trouvait au bout de la rue. Personne n'y avait vécu depuis des années, et le jardin était plein de mauvaises herbes.",
    "es": "La vieja casa estaba al final de la calle. Nadie había vivido allí durante años y el jardín estaba lleno de malas hierbas.",
    "it": "La vecchia casa si trovava in fondo alla strada. Nessuno ci abitava da anni e il giardino era pieno di erbacce.",
    "pt": "A casa velha ficava no fim da rua. Ninguém morava lá havia anos, e o jardim estava cheio de ervas daninhas.",
    "nl": "Het oude huis stond aan het einde van de straat. Er had al jaren niemand gewoond en de tuin stond vol onkruid.",
    "pl": "Stary dom stał na końcu ulicy. Nikt w nim nie mieszkał od lat, a ogród był pełen chwastów.",
    "tr": "Eski ev sokağın sonunda duruyordu. Yıllardır orada kimse yaşamamıştı ve bahçe yabani otlarla doluydu.",
    "zh": "那座老房子在街道的尽头。多年来没有人住在那里，花园里长满了杂草。",
    "ja": "その古い家は通りの突き当たりにあった。何年も誰も住んでおらず、庭は雑草だらけだった。",
    "ko": "그 오래된 집은 거리 끝에 서 있었다. 몇 년 동안 아무도 그곳에 살지 않았고 정원은 잡초로 가득했다.",
    "ar": "كان المنزل القديم يقع في نهاية الشارع. لم يسكن فيه أحد منذ سنوات، وكانت الحديقة مليئة بالأعشاب الضارة.",
    "th": "บ้านหลังเก่าตั้งอยู่ที่ปลายถนน ไม่มีใครอาศัยอยู่ที่นั่นมาหลายปีแล้ว และสวนก็เต็มไปด้วยวัชพืช",
    "el": "Το παλιό σπίτι βρισκόταν στο τέλος του δρόμου. Κανείς δεν είχε ζήσει εκεί για χρόνια και ο κήπος ήταν γεμάτος αγριόχορτα.",
}


@pytest.mark.parametrize("lang", PARAGRAPHS)
def test_detect_language(lang):
    assert detect_language(PARAGRAPHS[lang]) == lang


def test_traditional_chinese_is_chinese():
    assert detect_language("當我還只有六歲的時候，在一本描寫原始森林的書中，看到了一副精彩的插畫。") == "zh"


def test_a_long_text_is_judged_on_samples_from_all_of_it():
    # an English licence at the top does not make a German book English
    text = PARAGRAPHS["en"] * 3 + "\n\n" + PARAGRAPHS["de"] * 400
    assert detect_language(text) == "de"


@pytest.mark.parametrize("text", ["", "  12 345 ... !", "\n\n"])
def test_no_letters_is_a_one_line_error_naming_the_source(text):
    with pytest.raises(AlignError) as error:
        detect_language(text, "notes.txt")
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("notes.txt:")


def test_coverage_of_the_default_model():
    for lang in "ar zh nl en de fr it pt es ja ko ru pl th tr".split():
        assert covered(lang, "use-multilingual-v3@0.2.1"), lang
    assert covered("zh-TW", "use-multilingual-v3") is True
    assert covered("el", "use-multilingual-v3@0.2.1") is False
    assert covered("el", "sentence-transformers/LaBSE") is None  # not known: no warning


def test_warning_names_the_language_and_the_model():
    warning = coverage_warning("el", "use-multilingual-v3@0.2.1")
    assert "Greek (el)" in warning and "use-multilingual-v3" in warning and "--model" in warning
    assert coverage_warning("de", "use-multilingual-v3@0.2.1") is None
    assert coverage_warning("el", "/models/labse") is None
    assert language_name("el") == "Greek" and language_name("pt-BR") == "Portuguese"
    assert language_name("xx") == "XX" and language_name("<b>x</b>") == "BXB" and language_name("") == "?"


def test_every_language_the_identifier_tells_has_a_name():
    """Warnings had named Punjabi, Tatar or Esperanto "PA", "TT", "EO", and py3langid's three-letter codes
    (Ancient Hebrew "hbo" for pointed Hebrew, Ligurian "lij" for Corsican) likewise."""
    import py3langid.langid

    identifier = py3langid.langid.IDENTIFIER or py3langid.langid._get_identifier()
    unnamed = [code for code in identifier.nb_classes if code != "zxx" and language_name(code) == code.upper()]
    assert unnamed == []



def test_the_aligner_is_told_which_stretches_the_model_reads() -> None:
    from align.pipeline import _reader

    reads = _reader("use-multilingual-v3@0.2.1")
    assert reads(["Ο Αγαθούλης ανατράφηκε σ' έναν ωραίον πύργο.", "Η φυσιογνωμία του φανέρωνε την ψυχή του."]) is False
    assert reads(["His face was the true index of his mind.", "He had a solid judgment."]) is True
    assert reads(["1918", "12."]) is True  # no letters: no language to tell
    assert _reader("some/model")(["Η φυσιογνωμία του φανέρωνε την ψυχή του."]) is True  # its languages unknown
