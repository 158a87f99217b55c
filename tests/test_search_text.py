"""Search's normal form: typography never matters, highlights land on the original characters."""

from __future__ import annotations

import pytest

from storage.search_text import (
    holds_phrase, normalise, passage_spans, snippet, word_spans, word_string, words,
)


@pytest.mark.parametrize("typed, stored", [
    ('"The Arctic is our territory"', "the Arctic  is OUR\n territory"),
    ("the Arctic is our territory", "«The Arctic is our terri\u00adtory»"),
    ("Арктика - наша территория", "АРКТИКА — наша\u00a0территория"),
    ("ещё раз", "еще раз"),
    ("еще раз", "Е\u0308ЩЕ\u0308 раз"),  # decomposed ё
    ("it’s ours", "it's ours"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_typography_does_not_matter(typed: str, stored: str) -> None:
    assert holds_phrase(word_string(stored), word_string(typed))
    assert passage_spans(stored, typed), (stored, typed)


def test_normalise_folds_quotes_dashes_spaces_case_and_yo() -> None:
    assert normalise("  «Ёлка» —\t“Tree”\u00ad’s\u2009ﬁne  ") == "\"елка\" - \"tree\"'s fine"
    assert words("«Ёлка» — “Tree”’s") == ["елка", "tree", "s"]


def test_phrase_is_whole_words_in_a_row() -> None:
    text = word_string("the Antarctic is ours; the arctic, is our territory")
    assert holds_phrase(text, word_string("arctic is our"))
    assert not holds_phrase(text, word_string("arctic is ours"))
    assert not holds_phrase(text, word_string("tic is"))
    assert not holds_phrase(text, "")


def test_spans_are_in_the_original_text() -> None:
    text = "Он сказал: «Арктика —\u00a0наша тер\u00adритория». «АРКТИКА – НАША ТЕРРИТОРИЯ»!"
    spans = passage_spans(text, "арктика наша территория")
    assert [text[a:b] for a, b in spans] == ["Арктика —\u00a0наша тер\u00adритория", "АРКТИКА – НАША ТЕРРИТОРИЯ"]
    assert passage_spans(text, "арктика территория") == []
    assert passage_spans("", "x") == [] and passage_spans("x", "…") == []
    decomposed = "Е\u0308ЩЕ\u0308 раз"
    assert [decomposed[a:b] for a, b in passage_spans(decomposed, "ещё")] == ["Е\u0308ЩЕ\u0308"]
    assert [text[a:b] for a, b in word_spans(text, "наша арктика")][:2] == ["Арктика", "наша"]


@pytest.mark.parametrize("sample", [
    "«Ёлка» — Soft\u00adhy\u200bphen “QUOTE” е\u0308ж ﬁne", "Straße ǅ İstanbul ΣΑΣ № 5", "  a \n\t b  ", "x\u0301\u0302y z",
])
def test_highlights_find_exactly_what_the_phrase_check_finds(sample: str) -> None:
    """Every run of the sample's words is found by both paths, and each span holds those words."""
    assert passage_spans(sample, "zzz") == []
    ws = words(sample)
    for i in range(len(ws)):
        for j in range(i + 1, len(ws) + 1):
            query = " ".join(ws[i:j])
            assert holds_phrase(word_string(sample), query)
            spans = passage_spans(sample, query)
            # a span covers whole stored tokens (x\u0301y is one token holding two words)
            assert spans and all(query in " ".join(words(sample[a:b])) for a, b in spans), (sample, query)


def test_snippet_centres_on_the_passage() -> None:
    text = " ".join(f"w{i}" for i in range(200)) + " the Arctic is our territory " + " ".join(f"v{i}" for i in range(200))
    s = snippet(text, passage_spans(text, "arctic is our territory"), width=80)
    assert "the Arctic is our territory" in s and s.startswith("…") and s.endswith("…") and len(s) < 100
    assert snippet("short text", []) == "short text"


def test_every_format_character_is_dropped() -> None:
    import sys
    import unicodedata

    from storage.search_text import _invisible

    everywhere = [cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"]
    assert _invisible() == everywhere
