from designkit.analysis.assessment import assess
from designkit.analysis.checklist import Criterion
from designkit.phases import phase
from designkit.render import html


def test_checklist_card_counts_and_escapes():
    card = html.checklist_card([Criterion(1, "A <b>", True, "x&y"), Criterion(1, "B", False)])
    assert "1 of 2 met" in card
    assert "A &lt;b&gt;" in card and "x&amp;y" in card
    assert card._repr_html_() == str(card)


def test_plain_text_repr_is_stable_and_tagless():
    card = html.phase_card(phase(3))
    assert repr(card).startswith("Phase 3: Data architecture")
    assert "<" not in repr(card)


def test_assessment_card(small_shop):
    card = html.assessment_card(assess(small_shop))
    assert "Verdict: modular monolith" in card


def test_plain_text_has_no_tags_and_no_entities():
    from designkit.render.html import Html, bullet_list

    assert repr(bullet_list(["Kong's <route> & co"], empty="")) == "Kong's <route> & co"
    assert repr(Html("<p>a\n  <b>b</b></p>")) == "a b"
