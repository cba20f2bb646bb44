"""Words of every language: segmenters for Chinese, Japanese and Thai, the regular expression elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align import tokens
from align.tokens import token_spans, tokenize

CJK = Path(__file__).resolve().parents[2] / "shared/corpora/cjk-words"


def test_chinese_is_cut_into_words_and_latin_and_digits_kept_whole():
    words = tokenize("科学家一直猜想土卫六上存在着由液态甲烷构成的海洋。NBA球星3人", "zh")
    assert words[:4] == ("科学家", "一直", "猜想", "土卫六")
    assert "海洋" in words and "。" in words and "NBA" in words and "3" in words
    assert "".join(words) == "科学家一直猜想土卫六上存在着由液态甲烷构成的海洋。NBA球星3人"


def test_traditional_chinese_is_cut_where_its_simplified_form_is():
    traditional = tokenize("當我還只有六歲的時候，看到了一副精彩的插畫", "zh")
    simplified = tokenize("当我还只有六岁的时候，看到了一副精彩的插画", "zh")
    assert [len(w) for w in traditional] == [len(w) for w in simplified]
    assert "時候" in traditional and "插畫" in traditional


def test_japanese_and_thai_are_cut_into_words():
    pytest.importorskip("fugashi")
    pytest.importorskip("pythainlp")
    assert tokenize("室町幕府の第3代征夷大将軍である。", "ja")[:4] == ("室町", "幕府", "の", "第")
    assert tokenize("ผมรักภาษาไทยมาก", "th") == ("ผม", "รัก", "ภาษาไทย", "มาก")


def test_combining_marks_stay_inside_their_word_and_spaced_languages_are_unchanged():
    assert tokenize("नमस्ते दुनिया, यह हिंदी है।", "hi") == ("नमस्ते", "दुनिया", ",", "यह", "हिंदी", "है", "।")
    french = ("l'homme", "d'État", ",", "well-known", "3,5", "km", ".")
    assert tokenize("l'homme d'État, well-known 3,5 km.", "fr") == french
    assert tokenize("科学家", "en") == ("科学家",)  # only the text's language decides


def test_spans_point_at_the_tokens_in_the_text():
    text = "他说：“我们走吧。” OK"
    assert [text[a:b] for a, b in token_spans(text, "zh")] == list(tokenize(text, "zh"))


def test_without_a_segmenter_a_warning_and_words_cut_by_script(monkeypatch, caplog):
    def missing():
        raise ImportError("No module named 'fugashi'")

    monkeypatch.setitem(tokens._SEGMENTERS, "ja", missing)
    tokens._segmenter.cache_clear()
    tokens._segment.cache_clear()
    try:
        assert tokenize("東京へ行きます", "ja") == ("東", "京", "へ", "行", "きます")
        tokenize("京都", "ja")
        assert [r.getMessage().startswith("no Japanese word segmenter") for r in caplog.records] == [True]
    finally:
        tokens._segmenter.cache_clear()
        tokens._segment.cache_clear()


@pytest.mark.skipif(not CJK.is_dir(), reason="../shared/corpora is absent")
def test_chinese_word_boundaries_match_the_gold_segmentation():
    """Issue #20: F1 of word boundaries (every word's start and end) >= 0.90 on the gold words joined."""
    hits = found = expected = 0
    for line in (CJK / "denero-en-zh.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)["tgt"]
        text = "".join(gold)
        ends = [0]
        for word in gold:
            ends.append(ends[-1] + len(word))
        truth = set(ends)
        mine = {at for span in token_spans(text, "zh") for at in span}
        hits, found, expected = hits + len(truth & mine), found + len(mine), expected + len(truth)
    precision, recall = hits / found, hits / expected
    assert 2 * precision * recall / (precision + recall) >= 0.90  # the \w+ tokens: 0.385
