"""Evidence extraction on short texts written for these tests (no seed-specific rules)."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.clean import segment
from metrics.codebook import load_codebook
from metrics.evidence import _any_of, _top_level_bar, candidate_sentences, extract_evidence
from metrics.knowledge import EVENTS_SCHEMA, PEOPLE_SCHEMA, Knowledge
from metrics.schema import EVIDENCE, assert_schema
from metrics.sentences import split_sentences
from tests.bench.synthetic import articles_frame, simple_sentences

CODEBOOK = load_codebook()
KNOWLEDGE = Knowledge(
    version="test",
    sha256="0" * 64,
    side_terms={
        "US": ("United States", "U.S.", "US", "American", "Washington", "White House"),
        "RU": ("Russia", "Russian", "Moscow", "Kremlin"),
    },
    dyad_terms=("the two countries", "both sides", "the two leaders", "his counterpart"),
    people=pl.DataFrame(
        [
            ("Ann Smith", ["Smith"], "US", "secretary_of_state", [], dt.date(2017, 1, 1), None),
            ("Ivan Petrov", ["Petrov"], "RU", "foreign_minister", [], dt.date(2004, 1, 1), None),
        ],
        schema=PEOPLE_SCHEMA,
        orient="row",
    ),
    events=pl.DataFrame(
        [("oslo_2018", "Oslo summit", ["summit in Oslo"], dt.date(2018, 6, 1), "summit")],
        schema=EVENTS_SCHEMA,
        orient="row",
    ),
)


def evidence_for(text: str, role: str = "body") -> pl.DataFrame:
    sentences = simple_sentences(articles_frame({"a": text})).with_columns(role=pl.lit(role))
    return extract_evidence(sentences, CODEBOOK, KNOWLEDGE)


def counted(text: str) -> set[str]:
    return set(evidence_for(text).filter(pl.col("counted"))["signal"].to_list())


def modes(text: str, signal: str) -> set[str]:
    frame = evidence_for(text).filter(pl.col("signal") == signal)
    return set(frame["mode"].to_list())


def test_schema_and_offsets_point_into_raw_text() -> None:
    text = "Talks\n\nThe U.S. envoy Smith met Petrov in Vienna on Monday. They discussed Syria."
    ev = evidence_for(text)
    assert_schema(ev, EVIDENCE)
    assert not ev.is_empty()
    for row in ev.iter_rows(named=True):
        assert text[row["match_start"] : row["match_end"]] == row["matched_text"]
        assert text[row["sentence_start"] : row["sentence_end"]] == row["sentence"]


def test_empty_input_gives_empty_frame_with_schema() -> None:
    ev = evidence_for("Nothing about diplomacy happened here. The weather was fine.")
    assert ev.is_empty()
    assert_schema(ev, EVIDENCE)


def test_meeting_held_needs_both_sides() -> None:
    assert "meeting_held" in counted("Smith met Petrov in Geneva on Friday.")
    assert "meeting_held" not in counted("Petrov met the Chinese foreign minister in Beijing.")


def test_third_party_context_does_not_make_a_pair() -> None:
    text = (
        "Washington was silent. Petrov met Chinese officials in Beijing. "
        "The two leaders agreed on trade."
    )
    assert not counted(text) & {"meeting_held", "agreement"}


@pytest.mark.parametrize(
    "text",
    [
        "Smith urged restraint. NATO had proposed a new meeting, but Petrov has not accepted.",
        "Smith urged restraint. NATO and Petrov agreed to hold talks in Brussels next month.",
    ],
)
def test_a_third_party_offering_or_agreeing_to_talks_plans_no_pair_contact(text: str) -> None:
    assert "meeting_planned" not in counted(text)


def test_a_relative_clause_after_between_is_not_a_party() -> None:
    text = (
        "Smith's agency signed a deal with Petrov's agency. The deal follows talks between the "
        "two agencies that continued this year despite Russia's invasion of Ukraine."
    )
    assert "meeting_held" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # The purpose of another pair's contact, or of one side's own.
        "Smith is scheduled to meet Chinese President Xi Jinping on Saturday to discuss trade, "
        "and Petrov was there.",
        "Smith is due to host U.S. Senator Jones at the White House on Wednesday to discuss the "
        "transition, including Petrov.",
        "Smith is due to host U.S. Senator Jones at the White House on Wednesday for a meeting on "
        "the war, which Petrov started.",
    ],
)
def test_a_purpose_belongs_to_the_contact_it_is_for(text: str) -> None:
    assert not counted(text) & {"meeting_held", "meeting_planned"}


def test_an_offer_made_in_a_call_leaves_the_call_held() -> None:
    found = counted("Petrov offered assistance to the U.S. in a phone call with Smith on Monday.")
    assert "meeting_held" in found
    assert "meeting_planned" not in found


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        # A consular visit to a prisoner; "negotiating" as an adjective; a summit "not in the
        # plans" in a quote opening after the names; a meeting "was off".
        (
            "The U.S. Embassy said Ambassador Smith had visited Jones in Lefortovo prison, and "
            "Petrov's aide confirmed it.",
            "meeting_held",
        ),
        (
            "Officials said the negotiating teams led by Smith and Petrov could convene in Geneva "
            "within days.",
            "meeting_held",
        ),
        (
            "Smith's spokeswoman says a summit between Smith and Petrov \"is certainly not in the "
            'plans right now."',
            "meeting_held",
        ),
        (
            "By the time Smith landed, the meeting with Petrov that the Kremlin had spent weeks "
            "advertising was off.",
            "meeting_held",
        ),
        # An ability valued; a third party's invitation; the contact an agreement was made in; a
        # treaty's expiry.
        ("Smith wrote that the ability to talk to Petrov matters in a crisis.", "meeting_planned"),
        (
            "Petrov noted the UK has invited the OPCW in to verify its findings, as Smith urged.",
            "meeting_planned",
        ),
        ("Smith, Petrov agree Syria ceasefire in first face-to-face meeting", "meeting_planned"),
        (
            "Smith said Washington would let the treaty with Petrov die before its scheduled "
            "expiry in February.",
            "meeting_planned",
        ),
        # A freeze of arms is no frozen channel.
        (
            "Smith wanted a shorter extension combined with a freeze on all warheads, and talks "
            "with Petrov collapsed in the autumn.",
            "refused",
        ),
    ],
)
def test_words_that_look_like_contact_signals(text: str, signal: str) -> None:
    assert signal not in counted(text)


def test_a_purpose_of_a_pair_contact_counts() -> None:
    assert "meeting_planned" in counted("Smith will meet Petrov in Vienna on Friday to discuss it.")


def test_coreference_borrows_sides_from_previous_sentence() -> None:
    text = "Smith flew to Moscow on Monday. She met her Russian counterpart Petrov for two hours."
    assert "meeting_held" in counted(text)
    text2 = "Smith and Petrov spoke by phone on Tuesday. They agreed that Syria must be stabilised."
    ev = evidence_for(text2).filter(pl.col("signal") == "agreement")
    assert ev["topic"].to_list() == ["syria"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Smith will meet Petrov in Geneva next week.", "planned"),
        ("Smith and Petrov are expected to hold talks on Tuesday.", "planned"),
        ("Smith did not meet Petrov during the visit to Moscow.", "negated"),
        ("No meeting between Smith and Petrov took place.", "negated"),
        ("If Smith met Petrov, the Russian side would be pleased.", "hypothetical"),
    ],
)
def test_modes_of_meeting_triggers(text: str, mode: str) -> None:
    found = modes(text, "meeting_held") | modes(text, "meeting_planned")
    assert mode in found
    assert "meeting_held" not in counted(text)


def test_planned_meeting_counts_as_meeting_planned() -> None:
    assert counted("Smith will meet Petrov in Geneva next week.") == {"meeting_planned"}
    assert "meeting_planned" in counted("Petrov invited Smith to visit Moscow.")


def test_dated_event_before_the_article_year_is_reported_past() -> None:
    text = (
        "Since the Oslo summit, Smith and Petrov have clashed often. "
        "In 2020 officials of both sides said so."
    )
    assert "meeting_held" not in counted(text)
    text2 = "After the summit in Oslo last year, the U.S. and Russia kept quiet."
    assert "reported_past" in modes(text2, "meeting_held")


@pytest.mark.parametrize(
    "text",
    [
        "The Kremlin refused to comment on the American report.",
        "Russia refused to return to compliance with the treaty, U.S. officials said.",
        "A Russian journalist was denied entry to the United States.",
        # Rejecting what was said of talks; a state of relations; a third party's three-way talks.
        "Petrov rejected Smith's assertion that the talks would focus on weapons.",
        "Smith and Petrov spoke despite the deep freeze in relations.",
        "Smith said Beijing has made clear that it will not take part in any trilateral "
        "negotiations with Petrov.",
    ],
)
def test_unrelated_refusals_are_not_refused_contact(text: str) -> None:
    assert "refused" not in counted(text)


def test_refusal_of_contact_counts() -> None:
    assert "refused" in counted("Russian generals refused to talk with their U.S. counterparts.")
    assert "refused" in counted("Washington called off the summit with Moscow.")


def test_denial_and_disagreement() -> None:
    assert "disagreement" in counted("Russia denied U.S. claims that it had hacked the election.")
    assert "disagreement" in counted("The U.S. and Russia disagreed over missile defense.")


def test_other_roles_produce_nothing() -> None:
    assert evidence_for("Smith met Petrov in Geneva on Friday.", role="comments").is_empty()


def test_repeated_sentence_counts_once() -> None:
    once = "Smith met Petrov in Geneva on Friday."
    ev = evidence_for(f"{once}\n\n{once.upper()}\n\n{once.replace(' ', '  ')}")
    assert ev.filter(pl.col("signal") == "meeting_held").height == 1


def test_one_row_per_sentence_signal_topic() -> None:
    ev = evidence_for("Smith and Petrov met and met again and discussed Syria, Iran and Syria.")
    keys = ev.select("sentence_index", "signal", "topic")
    assert keys.n_unique() == keys.height
    topics = set(ev.filter(pl.col("signal") == "discussion")["topic"].to_list())
    assert topics == {"syria", "iran"}


FILLER = st.sampled_from(
    [
        "Smith met Petrov in Geneva.",
        "The weather was cold.",
        "They discussed Syria and Iran.",
        "Russia refused to talk with the U.S. side.",
        "Washington imposed new sanctions on Moscow.",
        "Petrov will meet Smith next week.",
        "Markets fell on Monday.",
    ]
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FILLER, min_size=1, max_size=8))
def test_invariants(parts: list[str]) -> None:
    text = " ".join(parts)
    ev = evidence_for(text)
    assert_schema(ev, EVIDENCE)
    keys = ev.select("sentence_index", "signal", "topic")
    assert keys.n_unique() == keys.height
    assert set(ev["mode"].to_list()) <= {
        "actual",
        "planned",
        "negated",
        "hypothetical",
        "reported_past",
    }
    for row in ev.iter_rows(named=True):
        assert text[row["match_start"] : row["match_end"]] == row["matched_text"]
        assert row["sentence_start"] <= row["match_start"] < row["match_end"] <= row["sentence_end"]
        planned_ok = row["signal"] == "meeting_planned" and row["mode"] == "planned"
        assert row["counted"] == (row["mode"] == "actual" or planned_ok)
    # Appending an unrelated sentence never removes evidence from earlier sentences.
    more = evidence_for(text + " Markets fell on Monday.")
    assert more.height >= ev.height


# --- Generalisation fixes: each class written as short texts for these tests. ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Smith cancelled her meeting with Petrov that had been scheduled for next week.",
        "Russia called off talks with the United States that were due to start tomorrow.",
        "Moscow postponed the consultations with Washington at the last minute.",
    ],
)
def test_cancelled_contact_is_a_refusal_and_was_planned_never_held(text: str) -> None:
    found = counted(text)
    assert {"refused", "meeting_planned"} <= found
    assert "meeting_held" not in found
    assert modes(text, "refused") == {"actual"}


@pytest.mark.parametrize(
    "text",
    [
        "The Kremlin declined to comment on whether the call with Washington took place.",
        "Smith declined to say how long the meeting with Petrov would last.",
        "Beijing refused to join the arms talks proposed by Washington and Moscow.",
        "Moscow rejected Washington's call for an immediate ceasefire.",
        # A third party's contact inside the trigger; a contact that did not happen, unrefused.
        "Petrov snubbed Zelensky's challenge to meet, and Smith says it is time to talk.",
        "Smith said he did not speak to Petrov about the deal.",
        # What was said of a contact; a multilateral summit put off.
        "Petrov's aide said Petrov had rejected the premise of the conversation with Smith.",
        "Smith said he would postpone the G7 summit he had planned to host, and invite Petrov.",
        # A visit to a third country; a demand rejected; last year's cancellation.
        "He postponed a visit to Saudi Arabia that had been scheduled for Wednesday, saying the "
        "trip must not look linked to the U.S.-Russia meeting.",
        "U.S. rejects Russian NATO demands as Geneva security talks with Petrov end",
        "Last year's planned meeting between Smith and Petrov at the G20 in Buenos Aires was "
        "cancelled by Smith at the last minute.",
    ],
)
def test_declining_to_comment_or_a_third_party_refusing_is_not_refused(text: str) -> None:
    assert "refused" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow rejected Washington's call for an immediate ceasefire.",
        "Russia rejected the American proposal on missile defense.",
        "U.S. and Russian envoys remained at odds over the treaty.",
        "The U.S. and Russian sides have different views on missile defense.",
        "Smith and Petrov ended the talks without bridging their differences over Syria.",
        "Moscow accused Washington of meddling, a claim U.S. officials deny.",
        "Washington says the Russian charges are false.",
        "The Kremlin called the American accusations absolutely unacceptable.",
        "Washington and Moscow remain deeply divided on the issue.",
    ],
)
def test_disagreement_phrasings(text: str) -> None:
    assert "disagreement" in counted(text)


def test_criticism_of_an_act_is_not_a_disagreement() -> None:
    assert "disagreement" not in counted("Washington called the Russian move unacceptable.")


@pytest.mark.parametrize(
    "text",
    [
        "Petrov said Russia was ready to hold consultations with U.S. officials next month.",
        "Smith said he would speak with Petrov on Friday.",
        "Petrov challenged Smith to a televised conversation on Monday.",
        "The U.S. and Russia agreed to appoint teams, to reopen offices and to keep talking.",
        'Smith accepted "in principle" a summit with Petrov.',
        "Smith and Petrov agreed on a truce, adding that the negotiations would begin in Riyadh.",
        'Petrov said he was proposing to Smith "to continue our discussion, but live, online."',
        "Petrov proposed that the two presidents hold a live, online conversation with Smith.",
        "Smith repeated his offer, made earlier in the week, of a summit with Petrov this summer.",
        # A destination in the subject's words is no party ("due in Washington").
        "Russia's foreign minister, Petrov, is due in Washington on Tuesday for talks with Smith.",
    ],
)
def test_offers_challenges_and_acceptances_are_planned(text: str) -> None:
    found = counted(text)
    assert "meeting_planned" in found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Russia rebuffed the U.S. offer of talks on arms control.",
        "The White House brushed off the Kremlin's invitation.",
        "Moscow turned down an American invitation to consultations.",
    ],
)
def test_refused_offer_is_refused_and_was_planned(text: str) -> None:
    assert {"refused", "meeting_planned"} <= counted(text)


def test_a_contact_that_would_not_go_ahead_was_planned_and_is_refused() -> None:
    text = (
        "Petrov said consultations with Under Secretary of State Smith, which had been scheduled "
        "for Friday in Saint Petersburg, would not go ahead."
    )
    found = counted(text)
    assert {"meeting_planned", "refused"} <= found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Petrov offered Smith talks on Monday. Smith turned Petrov down.", True),
        ("Petrov offered Smith talks. Smith said he had no plans to take up the offer.", True),
        ("Petrov offered Smith talks. Smith's spokeswoman said he would not be taking part.", True),
        ("Petrov offered Smith a summit. The summit has been turned down by Smith.", True),
        # Only after an offer; a hypothetical turning-down; "it" is often a third country.
        ("Petrov offered Smith talks. The White House declined.", True),
        ("Smith's White House passes on Petrov's offer of live talks", True),
        (
            "Petrov offered Smith a call. Smith's spokeswoman said he was not planning to follow "
            "up on the offer.",
            True,
        ),
        ("Petrov challenged Smith to a live debate. The White House was right to decline.", True),
        (
            "Petrov proposed talks with Smith. Smith's refusal to take up the proposal showed "
            "fear.",
            True,
        ),
        ("Smith turned Petrov down.", False),
        ("Smith and Petrov met. The White House declined.", False),
        ("Petrov offered Smith a summit. Turning it down would anger Petrov, Smith said.", False),
        ("Petrov offered Smith talks. China said that it will not take part.", False),
    ],
)
def test_an_offer_not_taken_up_is_refused(text: str, refused: bool) -> None:
    assert ("refused" in counted(text)) is refused


def test_no_basis_for_dialogue_is_a_refusal() -> None:
    text = "Petrov said Russia saw no basis for resuming dialogue with the U.S."
    assert "refused" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith spoke about Russia to reporters after meeting Ukraine's foreign minister.",
        "Petrov and Chinese President Xi held talks, while Washington watched closely.",
        "Russia welcomed the U.S. decision.",
        "Moscow received the information from Washington.",
        "Smith and Petrov both attended the G20 summit in Osaka.",
        "Russia recalled its ambassador in Washington for consultations.",
        "The United States and Russia completed a prisoner swap in Ankara.",
        "The meeting between Smith and Petrov would have been the first in a year.",
        "FLASHBACK: Smith and Petrov hold talks in Oslo",
    ],
)
def test_not_a_held_us_russia_meeting(text: str) -> None:
    assert "meeting_held" not in counted(text)


def test_held_meeting_with_sides_named_and_venue_still_counts() -> None:
    assert "meeting_held" in counted("Smith met Petrov on the sidelines of the G20 summit.")
    assert "meeting_held" in counted("Smith met Petrov after talks with Chinese officials.")


def test_duration_of_a_held_meeting_is_not_a_plan() -> None:
    text = "Smith met Petrov in Oslo. The meeting, initially scheduled for 30 minutes, ran long."
    assert counted(text) == {"meeting_held"}


def agreed(text: str) -> set[str]:
    ev = evidence_for(text).filter(pl.col("counted") & (pl.col("signal") == "agreement"))
    return {t for t in ev["topic"].to_list() if t is not None}


def test_agreed_topic_from_an_anaphoric_object_in_context() -> None:
    text = (
        "Smith and Petrov discussed the New START treaty. The talks lasted an hour. "
        "The two leaders agreed on the extension."
    )
    assert agreed(text) == {"arms_control"}
    assert agreed("Moscow said the swap had been agreed with Washington.") == {"prisoners"}
    # Without an anaphor the earlier topic is not borrowed.
    text3 = "Smith and Petrov discussed Syria. The two leaders agreed to meet again."
    assert agreed(text3) == set()


def test_agreed_topic_aliases_and_quotes_inside_the_clause() -> None:
    text = "The U.S. and Russia agreed to restore the staffing of their embassies."
    assert agreed(text) == {"diplomats_embassies"}
    text2 = (
        'The U.S. and Russian leaders agreed the call was "a good example of what we can do," '
        "and that they would keep cooperating against terrorism."
    )
    assert agreed(text2) == {"terrorism"}


# --- Second round of general fixes (error classes from a fresh evaluation set). ---


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. State Department summoned Russia's ambassador on Tuesday to protest.",
        "Washington and Moscow held a second round in Geneva on Monday.",
    ],
)
def test_held_contact_vocabulary(text: str) -> None:
    assert "meeting_held" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Petrov told a meeting of his Security Council that the United States was stalling.",
        "Petrov said better ties with the United States would meet the interests of Russia.",
        "Petrov had been due to meet Smith to discuss the embassies.",
        "QUESTION: Mr. Petrov, will you be meeting Smith today?",
        "Smith said the next step could be a meeting of the Russian and American presidents.",
    ],
)
def test_not_a_held_or_planned_contact(text: str) -> None:
    found = counted(text)
    assert "meeting_held" not in found
    if "due to meet" not in text:
        assert "meeting_planned" not in found


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. and Russian delegations will hold a second round in late July.",
        "Smith has sought calls with Petrov in recent weeks.",
        "Smith and Petrov instructed their teams to follow up on the proposals.",
        "Moscow received American proposals to resume contacts on arms control.",
        "Russia postponed a planned commission session with the United States.",
        "Petrov's debate offer to Smith is a trap.",
        "Petrov hoped to meet Smith in Vienna next week.",
    ],
)
def test_planned_contact_vocabulary(text: str) -> None:
    assert "meeting_planned" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "American attaches were invited to the Russian briefing but declined to attend.",
        "Smith ruled out a bilateral meeting with Petrov.",
        "Russia has refused to convene a session of the joint commission with the United States.",
        "Smith and Petrov sat in one room but did not talk, with Smith having ruled out a "
        "meeting with Petrov.",
        # A second verb of the subject: the first verb's negation and object are not its own.
        "Smith had no plans to speak with Petrov before leaving office and again ruled out any "
        "contact with Moscow.",
        # A quoted participle; a contact that is "off".
        'The meeting between Smith and Petrov was "cancelled".',
        "Smith said the summit with Petrov is off.",
        # A "not" after a refusal does not undo it.
        "Petrov declined the invitation from Smith, not wanting to reward him.",
        # Refusals of talks with their qualifiers.
        "Petrov said there were no grounds at present for a dialogue with Smith.",
        "Smith and Petrov will not hold a formal bilateral meeting in Da Nang, the White House "
        "said.",
        "Russia, Petrov said, would no longer initiate talks with Smith on disarmament.",
        "Petrov said Moscow would not hold such talks with Smith while sanctions remain.",
    ],
)
def test_refused_contact_vocabulary(text: str) -> None:
    assert "refused" in counted(text)


def test_a_long_subject_before_a_passive_cancellation_was_planned_and_refused() -> None:
    text = (
        "A meeting of the U.S.-Russian commission on the treaty that had been scheduled in Cairo "
        "in late November was postponed by Moscow at the last minute."
    )
    assert {"meeting_planned", "refused"} <= counted(text)


@pytest.mark.parametrize(
    "text",
    [
        '"We do not accept such accusations," the Kremlin said of the U.S. report.',
        'The Russian embassy replied, calling the American accusations "absurd".',
        "Smith firmly pushed back on Russian proposals that are simply non-starters.",
        "The White House calls Moscow's statements more of the same irresponsible rhetoric.",
        "Petrov rejected attempts by Washington to blame Russia for the tensions.",
        "Russia and the United States differ sharply on missile defense.",
        "Smith and Petrov found no common ground on Syria.",
        "Moscow hit back at Washington on Tuesday.",
        "Moscow will not resume talks unless Washington changes course, and it rejects U.S. "
        "accusations of cheating.",
        "The White House responded without delay and rejected the Russian claims.",
    ],
)
def test_disagreement_vocabulary_and_scope(text: str) -> None:
    assert "disagreement" in counted(text)


def test_forum_for_disputes_is_not_a_dispute() -> None:
    text = "The U.S.–Russian commission, which resolves implementation disputes, met in Geneva."
    assert "disagreement" not in counted(text)
    assert "disagreement" in counted("Russia and the United States are in a dispute over visas.")


def test_aside_naming_a_third_party_does_not_block_context() -> None:
    text = (
        "The United States expelled 60 Russian diplomats. "
        "Several German officials announced expulsions of their own. "
        "Moscow denies any involvement."
    )
    assert "disagreement" in counted(text)
    # A third party's contact with one side still blocks borrowing the other side.
    blocked = (
        "Smith spoke in Washington. Petrov met Chinese officials in Beijing. "
        "Petrov said they had agreed on trade."
    )
    assert "agreement" not in counted(blocked)


@pytest.mark.parametrize(
    "text",
    [
        'Smith, Petrov meet as relations hit "low point"\n\nNothing else here.',
        # A line of short parts: a list of key events, a show's title and its lead story.
        "Key events: Smith and Petrov meet one-on-one for over two hours | Joint press "
        "conference | Smith declines to back his intelligence agencies | Reaction at home"
        "\n\nNothing else here.",
        "SPECIAL REPORT WITH JANE DOE \u2014 Smith, Petrov meet in Helsinki; the president's "
        "remarks on the election draw fire\n\nNothing else here.",
    ],
)
def test_headlines_report_in_the_present(text: str) -> None:
    found = counted(text)
    assert "meeting_held" in found
    assert "meeting_planned" not in found


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "Smith and Petrov expressed satisfaction with the agreement to extend the arms "
            "control treaty.",
            "arms_control",
        ),
        ("The United States and Russia signed off on a plan for Syria.", "syria"),
        (
            "Petrov warned Smith about a terrorist plot. The White House said both sides "
            "agreed that the episode showed the value of working together.",
            "terrorism",
        ),
    ],
)
def test_agreement_vocabulary(text: str, topic: str) -> None:
    ev = evidence_for(text).filter(pl.col("counted") & (pl.col("signal") == "agreement"))
    assert topic in ev["topic"].to_list()


def test_requested_contact_is_planned_not_held() -> None:
    found = counted("Washington has sought talks with Moscow for weeks.")
    assert "meeting_planned" in found
    assert "meeting_held" not in found
    assert "disagreement" in counted(
        'The Russian embassy dismissed the American complaints as "pure fantasy".'
    )


@pytest.mark.parametrize(
    "text",
    [
        "Smith and Petrov huddled for an hour at a hotel in Vienna.",
        "Smith conferred with Petrov in Geneva on Monday.",
        "Smith spoke for two hours with Petrov on Friday.",
        "Smith had a conversation of more than an hour with Petrov.",
        "The Kremlin said Petrov called Secretary of State Smith on Sunday to thank her.",
        "Earlier, Smith urged Petrov by phone to free the detained American.",
        "Petrov received credentials from the new U.S. ambassador on Wednesday.",
        "The American ambassador, John Doe Jr., was summoned to the Russian Foreign Ministry.",
        "Washington and Moscow said a new round was held in Geneva on Monday.",
    ],
)
def test_contact_verb_family_reports_a_meeting(text: str) -> None:
    assert "meeting_held" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Petrov called Secretary of State Smith a liar.",
        "A Kremlin spokesman said by phone that Washington was wrong about Smith.",
    ],
)
def test_contact_verb_family_other_senses(text: str) -> None:
    assert "meeting_held" not in counted(text)


def test_base_form_contact_verbs_are_planned_or_habitual() -> None:
    assert "meeting_planned" in counted("Smith will sit down with Petrov in Vienna next week.")
    assert "meeting_planned" in counted("Smith and Petrov agreed to reconvene next quarter.")
    habit = "When Russian diplomats sit down with American counterparts, they repeat themselves."
    assert not counted(habit) & {"meeting_held", "meeting_planned"}


@pytest.mark.parametrize(
    "text",
    [
        "Smith said the teams of Washington and Moscow would start negotiating immediately.",
        "Smith and Petrov said their teams would follow up.",
        "Smith and Petrov agreed to explore strategic stability discussions.",
    ],
)
def test_future_contact_vocabulary(text: str) -> None:
    assert "meeting_planned" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow is calling off Petrov's meeting with Smith.",
        "Smith axed the talks with Petrov.",
        "The summit between Smith and Petrov was quietly shelved by Moscow.",
        "Smith said the visit to Washington by Petrov would be pushed back until next year.",
        "Washington regretted the cancellation, Russian officials said.",
        "The White House sidestepped Moscow's offer of talks.",
    ],
)
def test_cancel_and_refuse_families(text: str) -> None:
    found = counted(text)
    assert "refused" in found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Russia protested the cancellation of visas for American journalists.",
        "Petrov rejects a full ceasefire, after a long call with Smith.",
        "Russian officials rebuffed calls to return to the treaty, Smith said.",
    ],
)
def test_refusal_of_something_other_than_contact(text: str) -> None:
    assert "refused" not in counted(text)


def test_reduced_passive_cancel_negates_the_contact() -> None:
    assert "meeting_held" not in counted("Smith-Petrov talks pushed to December\n\nNo more.")


@pytest.mark.parametrize(
    "text",
    [
        "Moscow continues to reject Washington's charge that it cheated.",
        "Washington rejected the link Moscow drew between the sanctions and the talks.",
        "Moscow hit back, insisting Washington was to blame.",
        "Petrov said Russia had no plans to attack, a claim American officials dismissed.",
        "Moscow said it remained open to diplomacy and rejected the American claim of an attack.",
    ],
)
def test_disagreement_vocabulary_and_cue_scope(text: str) -> None:
    assert "disagreement" in counted(text)


def test_rebuffed_request_for_contact_is_refusal_not_disagreement() -> None:
    found = counted("Russian officials rebuffed repeated American requests for calls.")
    assert "refused" in found
    assert "disagreement" not in found


def test_opening_time_adverbial_scopes_over_the_clause() -> None:
    past = "Five years ago this week Smith and Petrov sat down in Oslo."
    assert "meeting_held" not in counted(past)
    since = "Since the war began, Russian officials have declined American requests for calls."
    assert "refused" in counted(since)


def agreed_topics(text: str) -> set[str | None]:
    ev = evidence_for(text).filter(pl.col("counted") & (pl.col("signal") == "agreement"))
    return set(ev["topic"].to_list())


def test_an_exchange_of_citizens_took_place() -> None:
    text = "On the same day, a Smith-Petrov exchange of convicted citizens took place in Abu Dhabi."
    assert agreed_topics(text) == {"prisoners"}


def test_an_arms_treaty_named_by_what_it_limits() -> None:
    text = "Smith and Petrov agreed to extend the treaty limiting their strategic nuclear forces."
    assert agreed_topics(text) == {"arms_control"}


def test_confirmed_or_approved_agreements() -> None:
    swap = "Russia freed an American in a prisoner exchange. Both governments confirmed the deal."
    assert "prisoners" in agreed_topics(swap)
    assert "syria" in agreed_topics("Smith and Petrov approved a joint statement on Syria.")


def test_agreement_topic_is_read_from_its_object() -> None:
    text = "Smith and Petrov discussed election meddling and agreed on a Syria truce."
    assert agreed_topics(text) == {"syria"}
    text2 = "Smith and Petrov agreed to meet in Vienna, with embassy aides to prepare it first."
    assert "diplomats_embassies" not in agreed_topics(text2)


def test_fronted_condition_still_scopes_over_the_main_clause() -> None:
    text = "Unless Moscow changes course, the summit between Smith and Petrov is off."
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # Ruling out / turning down a contact named by another noun.
        "The White House ruled out a sit-down between Smith and Petrov.",
        # Declining the kind of contact offered.
        "Petrov offered Smith a live televised exchange. Smith is not going to be engaging in "
        "that kind of exchange.",
        # A planned contact that is "not going forward".
        "Smith was due to meet Petrov in Geneva on Thursday. On Tuesday Smith said: it is not "
        "going forward.",
        # Telling one's officials not to seek contact.
        "Petrov told his ministers not to start new arms talks with Washington.",
        # Postponing by pushing an invitation or meeting back.
        "Smith pushed the meeting with Petrov back to next year.",
        "Smith said the next meeting with Petrov should take place after the elections.",
        # Passing on an offer of talks made just before.
        "Petrov challenged Smith to a call. Washington passed on the offer.",
        # Rebuffing efforts to open a channel.
        "Russian officials rebuffed American efforts to open that channel.",
        # Withdrawing from talks.
        "Russia withdrew from the talks with the United States.",
        # No talks until a condition is met; one side will not meet.
        "Moscow said there would be no talks with Washington until the sanctions end.",
        "Smith will not meet Petrov in Oslo.",
        # A cancelled contact described by its plan: "the next round ... had been called off".
        "Moscow said the next round of U.S.-Russian consultations on embassies, expected later "
        "this month, had been called off.",
    ],
)
def test_refusal_phrasings(text: str) -> None:
    assert "refused" in counted(text)


def test_not_going_forward_refuses_only_a_planned_contact() -> None:
    assert "refused" not in counted("Smith told Petrov that the economy is not going forward.")


def test_refusal_words_without_a_contact_are_not_refusals() -> None:
    assert "refused" not in counted("Smith passed on messages from Petrov's family.")
    assert "refused" not in counted("Russia withdrew from the treaty with the United States.")


def test_a_completed_prisoner_exchange_is_agreed_on_prisoners() -> None:
    assert agreed_topics(
        "Washington and Moscow said two detained citizens had been exchanged in Oslo."
    ) == {"prisoners"}
    # The crimes the freed were held for are not agreed topics.
    swap = (
        "In return, Russia received a man who had been serving a sentence for cybercrime "
        "in the United States."
    )
    assert agreed_topics(swap) == {"prisoners"}
    planned = "Washington and Moscow said two detained citizens would be exchanged."
    assert "prisoners" not in agreed_topics(planned)


def test_a_joint_statement_is_an_agreement() -> None:
    joint = (
        "Smith and Petrov produced a joint statement, released on Saturday, affirming "
        "support for a political settlement in Syria."
    )
    assert agreed_topics(joint) == {"syria"}
    third = (
        "Putin and Chinese President Xi held talks and adopted a joint statement on North "
        "Korea urging Washington to halt drills."
    )
    assert "north_korea" not in agreed_topics(third)


def test_agreeing_to_stay_in_contact_is_not_an_agreed_topic() -> None:
    text = (
        "Smith and Petrov agreed that their ministries would stay in contact and continue "
        "consultations on arms control."
    )
    assert "arms_control" not in agreed_topics(text)


def test_an_unplaced_ceasefire_takes_the_conflict_of_the_context() -> None:
    text = (
        "Smith and Petrov spoke about the war in Ukraine. "
        "The two leaders agreed on an energy ceasefire."
    )
    assert "ukraine" in agreed_topics(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith and Petrov said the positions of the two sides remained different on Syria.",
        "The Kremlin waved the American warnings away.",
        "Moscow brushed off calls from Washington to free the sailors.",
        "Smith raised election meddling with Petrov, who repeated Moscow's denial.",
    ],
)
def test_positions_apart_waved_away_and_denials_disagree(text: str) -> None:
    assert "disagreement" in counted(text)


def test_denial_of_visas_is_not_a_disagreement() -> None:
    text = "Russia noted the denial of visas to its diplomats in Washington."
    assert "disagreement" not in counted(text)


def test_batching_articles_never_changes_the_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence never looks across articles, so batch size is invisible in the result."""
    from metrics import evidence as module
    from tests.bench.synthetic import synthetic_articles

    sentences = simple_sentences(synthetic_articles(30, seed=3, trigger_rate=0.4))
    whole = extract_evidence(sentences, CODEBOOK, KNOWLEDGE)
    monkeypatch.setattr(module, "ARTICLES_PER_BATCH", 4)
    batched = extract_evidence(sentences, CODEBOOK, KNOWLEDGE)
    assert whole.height > 0
    assert batched.equals(whole)


def test_no_sentences_give_an_empty_evidence_table() -> None:
    evidence = extract_evidence(simple_sentences(articles_frame({})), CODEBOOK, KNOWLEDGE)
    assert evidence.height == 0
    assert_schema(evidence, EVIDENCE)


CUE_PARTS = [
    r"\bwill\b",
    r"'ll\b",
    r"\bplan\w*",
    r"\bx|y",
    r"\ba[]|]b",
    r"\bno(?:t|ne)\b",
    r"to\b",
    r"\b(?:a|to) b",
]


@given(
    st.lists(st.sampled_from(CUE_PARTS), min_size=1, max_size=6),
    st.text(alphabet="wilpanxyetob' |]", max_size=30),
)
def test_a_factored_alternation_matches_exactly_like_the_plain_one(
    patterns: list[str], text: str
) -> None:
    plain = re.compile("|".join(f"(?:{p})" for p in patterns)).search(text)
    fast = re.compile(_any_of(patterns)).search(text)
    assert (plain and plain.span()) == (fast and fast.span())


@pytest.mark.parametrize(
    ("pattern", "alternation"),
    [
        (r"\bab|c", True),
        (r"\b(?:a|b)", False),
        (r"\b\|x", False),
        (r"\ba[]|]b", False),
        (r"\ba[^]|]b", False),
        (r"\ba[^]]|b", True),
    ],
)
def test_top_level_alternations_are_told_apart(pattern: str, alternation: bool) -> None:
    assert _top_level_bar(pattern) is alternation


def test_evidence_comes_in_text_order() -> None:
    from tests.bench.synthetic import synthetic_articles

    sentences = simple_sentences(synthetic_articles(30, seed=3, trigger_rate=0.4))
    evidence = extract_evidence(sentences, CODEBOOK, KNOWLEDGE)
    assert evidence.height > 0
    key = ["article_id", "sentence_index", "match_start"]
    assert evidence.select(key).equals(evidence.select(key).sort(key))


# --- Round five: error classes from two sealed evaluation sets. ---


@pytest.mark.parametrize(
    "text",
    [
        "Smith and Petrov agreed to set up a working group of deputy ministers.",
        "Smith and Petrov instructed their foreign ministries to begin consultations.",
        "Petrov said the summit proposal from Washington was being studied.",
        "Smith will speak with his Russian counterpart Petrov in the coming days.",
        "The U.S. envoy is expected to travel to Moscow to see Petrov later this week.",
        "Smith got a second meeting with Petrov on offer.",
    ],
)
def test_planned_contact_phrasings(text: str) -> None:
    assert "meeting_planned" in counted(text)
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    ("text", "signals"),
    [
        ("No meeting between Smith and Petrov on the dispute is scheduled, Moscow said.", set()),
        ("A meeting between Smith and Petrov in New York had not been planned.", set()),
        ("The Kremlin denied a report that Smith had spoken with Petrov by phone.", set()),
        ("Smith, who made a point of not rushing to call Petrov, spoke to him by phone.", {"held"}),
        ("Were Washington and Moscow to sit down on a successor, Smith would lead.", set()),
        ("The meeting between Smith and Petrov had been agreed last week.", {"planned"}),
    ],
)
def test_contact_mode_cues(text: str, signals: set[str]) -> None:
    found = counted(text)
    assert {s.removeprefix("meeting_") for s in found if s.startswith("meeting_")} == signals


@pytest.mark.parametrize(
    "text",
    [
        "Smith and Petrov last met in Oslo in June, when Smith was still new to the job.",
        "During Smith's first term the two leaders also spoke by phone on several occasions.",
        "The report describes a January 2012 meeting between Smith and Petrov, published in 2019.",
        "In it the two leaders recall the meeting of American and Russian troops in 1945.",
    ],
)
def test_background_contacts_are_reported_past(text: str) -> None:
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Secretary Smith is not going to meet with Petrov, Washington said.",
        "Russia suspended the memorandum with the U.S., cutting off the main channel.",
    ],
)
def test_refusal_by_future_negation_and_cut_channels(text: str) -> None:
    assert "refused" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Russian embassy said the American accusations are far-fetched.",
        "Petrov accused Washington of whipping up hysteria.",
        "Smith and Petrov acknowledged that their assessments remain very different.",
        "Our meeting was frank, Petrov told Smith, and the positions on many issues differ.",
    ],
)
def test_disagreement_phrasings_round_five(text: str) -> None:
    assert "disagreement" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Washington has accused Chinese firms of supplying components used in Russian weapons.",
        # A third party or a defendant denies, not the other side.
        "Smith said China was weighing arms supplies to Russia, something Beijing denies.",
        "A Moscow court jailed Jones, a U.S. veteran, for 16 years on espionage charges he denies.",
    ],
)
def test_an_accused_third_party_is_not_a_disagreement_of_the_pair(text: str) -> None:
    assert "disagreement" not in counted(text)


def test_fronted_topic_formal_agreement_topic_and_anaphoric_exchange() -> None:
    assert agreed_topics("On cyber, Smith and Petrov agreed to begin expert consultations.") == {
        "cyber"
    }
    signed = evidence_for("Russia and the U.S. extended the New START treaty for five years.")
    assert "arms_control" in set(signed.filter(pl.col("counted"))["topic"].to_list())
    text = (
        "Russia freed two Americans in return for a Russian convicted of cybercrime in Washington. "
        "The Kremlin confirmed the exchange."
    )
    assert agreed_topics(text) == {"prisoners"}


def test_a_second_reported_clause_has_its_own_topic() -> None:
    text = (
        "Petrov said the two sides had agreed to set up a working group, and that Moscow was "
        "ready to restore a memorandum on Syria."
    )
    assert "syria" not in agreed_topics(text)


def test_differences_put_aside_are_not_a_disagreement() -> None:
    text = "Smith and Petrov said the two countries can put aside differences and cooperate."
    assert "disagreement" not in counted(text)
    assert "disagreement" in counted("Smith and Petrov said differences remain on Syria.")


def test_a_channel_suspended_in_the_passive_is_a_refusal() -> None:
    text = (
        "The memorandum on air safety between Washington and Moscow, which was suspended by "
        "the Russian side, was discussed."
    )
    assert "refused" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Petrov spoke at a televised meeting with the Russian defence minister, Moscow said.",
        "Smith told CNN by phone that Washington and Moscow were far apart.",
        "Smith and Petrov cannot reach each other by phone, the Kremlin said.",
        "Smith will sit down with Petrov next week to discuss Syria, Moscow said.",
        "Petrov lied about how long talks over a hotel project in Moscow with U.S. firms ran.",
        "The 2012 Oslo summit between Smith and Petrov produced nothing. Talks resume in 2019.",
    ],
)
def test_not_a_held_contact_round_five(text: str) -> None:
    assert "meeting_held" not in counted(text)


def test_declining_to_take_part_in_a_conversation_is_a_refusal() -> None:
    text = "Smith won't be taking part in a televised conversation with Petrov, Washington said."
    assert "refused" in counted(text)


# --- Round six: error classes from sealed sets E and F. ---


@pytest.mark.parametrize(
    "text",
    [
        "Petrov to visit Washington for talks with Smith",
        "Anchorage readies for summit of Smith and Petrov",
        "Allies watch as first Smith meeting with Petrov looms",
        "Smith and Petrov left open the possibility of further bilateral rounds.",
    ],
)
def test_headlines_that_look_ahead_plan_a_contact(text: str) -> None:
    assert "meeting_planned" in counted(text)
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith wants the meeting with Petrov, an adviser said.",
        "There is no certainty yet on such a meeting between Smith and Petrov.",
        "Petrov accused Smith of negotiating through the media.",
        "The Kremlin denied a report that Smith had spoken by phone with Petrov.",
        "Moscow is ready for dialogue with Washington, Petrov said.",
        "Petrov hosted the Armenian and Azerbaijani foreign ministers in Moscow, Smith noted.",
    ],
)
def test_contacts_only_referred_to_or_with_others_are_not_held(text: str) -> None:
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith said Washington was open to discussing limits with Moscow.",
        "Petrov said there was nothing to discuss with Washington.",
        "Moscow is ready to discuss an extension with Washington, Petrov said.",
    ],
)
def test_a_stance_on_discussing_is_no_planned_contact(text: str) -> None:
    assert "meeting_planned" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Washington says the Russian missile breaks the treaty. Moscow denies this.",
        "The Kremlin brushed off Washington's warnings.",
        "Smith called it illegal; our viewpoint is different, Petrov said of the U.S. stance.",
        "Russian officials reject the word invasion used by Washington.",
    ],
)
def test_more_ways_to_disagree(text: str) -> None:
    assert "disagreement" in counted(text)


def test_a_call_in_which_leaders_agree_to_something_else_is_held() -> None:
    found = counted("Smith and Petrov agree to extend the treaty in first phone call")
    assert "meeting_held" in found
    assert "meeting_planned" not in found


def test_agreeing_as_the_condition_of_an_offer_is_no_agreement() -> None:
    text = "Washington eased the sanctions in exchange for Moscow agreeing to cap its warheads."
    assert "agreement" not in counted(text)


def test_agreeing_to_meet_is_a_planned_contact_not_an_agreed_topic() -> None:
    found = counted(
        "Smith agreed to meet Petrov in Geneva on condition that Russia halts the drills."
    )
    assert "meeting_planned" in found
    assert "agreement" not in found
    # Agreeing who will meet, however long their titles: the word "diplomats" is no topic here.
    found = counted(
        "Smith said he and Petrov had agreed that their top diplomats, Secretary of State Jones "
        "and Foreign Minister Sergei Ivanov, would meet first to prepare the summit."
    )
    assert "agreement" not in found


def test_restoring_their_missions_is_about_the_embassies() -> None:
    text = "Smith and Petrov agreed to work on restoring the functioning of their missions."
    topics = evidence_for(text).filter(pl.col("signal") == "agreement")["topic"].to_list()
    assert "diplomats_embassies" in topics


def test_no_that_answers_a_question_negates_nothing() -> None:
    text = "And no, Smith won't be taking part in a televised conversation with Petrov."
    assert "refused" in counted(text)


def test_no_concrete_plans_negate_a_contact() -> None:
    text = "Peskov said there were no concrete plans yet for Petrov to speak with Smith."
    assert "meeting_planned" not in counted(text)


def test_a_meeting_with_ukraines_foreign_minister_is_not_a_us_russia_contact() -> None:
    text = "Kuleba, who met Smith for an hour, urged Washington to sanction Moscow further."
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow said its ambassador to Washington had been called back for consultations.",
        "Smith and Xi meet in Bali as Petrov stands in for absent Putin",
    ],
)
def test_a_recall_home_or_a_meeting_with_china_is_no_us_russia_contact(text: str) -> None:
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ushakov told reporters that a meeting between Smith and Petrov was being prepared.",
        "Smith has said he wants a second meeting with Petrov.",
    ],
)
def test_a_contact_in_preparation_or_wanted_is_planned(text: str) -> None:
    found = counted(text)
    assert "meeting_planned" in found
    assert "meeting_held" not in found


def test_welcoming_an_agreement_is_not_making_one() -> None:
    text = "Washington welcomed the agreement that Moscow reached with Damascus on Syria."
    assert "agreement" not in counted(text)


def test_a_denied_press_report_of_a_call_is_neither_a_call_nor_a_disagreement() -> None:
    found = counted(
        "The Kremlin denied a report in The Washington Post that Smith had spoken by phone "
        "with Petrov."
    )
    assert "meeting_held" not in found
    assert "disagreement" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Smith and Petrov did discuss Syria, officials said.",
        "Petrov declined, and the meeting with Smith went ahead as scheduled at midday.",
    ],
)
def test_a_contact_that_took_place_is_not_planned(text: str) -> None:
    assert "meeting_planned" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. astronaut is scheduled to launch with Russian cosmonauts Petrov and Sidorov.",
        "Petrov invited Kim to visit Moscow, the Kremlin said, as Washington watched.",
    ],
)
def test_launches_and_invitations_to_others_plan_no_us_russia_contact(text: str) -> None:
    assert "meeting_planned" not in counted(text)


def test_an_offer_made_during_a_call_is_no_offer_of_a_call() -> None:
    text = "Petrov offered help in a phone call with Smith."
    rules = set(evidence_for(text)["rule_id"].to_list())
    assert "meeting_planned.offer" not in rules


@pytest.mark.parametrize(
    ("text", "held"),
    [
        # The talks announced in the lead are the talks the later sentences refer to.
        (
            "Smith will fly to Moscow on Tuesday for talks with Petrov. Expectations for the "
            "talks were low, diplomats said. Petrov confirmed his readiness for the meeting.",
            False,
        ),
        (
            "Smith and Petrov are due to meet in Vienna on Friday. The meeting was confirmed by "
            "both sides.",
            False,
        ),
        # Once the contact is reported as held, the same phrases report it.
        (
            "Smith met Petrov in Vienna on Friday. Expectations for the talks had been low.",
            True,
        ),
        # An indefinite mention is a new contact, not the planned one.
        (
            "Smith will meet Petrov next week. Smith and Petrov spoke in a phone call on Monday.",
            True,
        ),
    ],
)
def test_definite_mention_takes_the_mode_of_the_contact_it_refers_to(text: str, held: bool) -> None:
    assert ("meeting_held" in counted(text)) is held


def test_headline_with_to_looks_ahead() -> None:
    assert modes("Smith to meet Petrov in Vienna\n\nNo details were given.", "meeting_planned") == {
        "planned"
    }
    assert "meeting_held" in counted("Smith and Petrov meet in Vienna\n\nNo details were given.")


def test_candidates_come_in_text_order() -> None:
    """A definite mention takes its mode from the sentences before it, so the Python pass
    must read each article's candidates in order (polars joins do not keep row order unless
    asked to)."""
    text = (
        "Smith will travel to Moscow for talks with Petrov.\n\nThe talks are the first in a "
        "year, officials in Washington and Moscow said.\n\nPetrov welcomed the visit by Smith."
        "\n\nThe meeting with Smith will be short, the Kremlin said."
    )
    articles = articles_frame({f"a{i:02}": text for i in range(30)})
    found = candidate_sentences(split_sentences(articles, segment(articles)), CODEBOOK, KNOWLEDGE)
    assert found.height >= 30 * 3
    assert found.select("article_id", "sentence_index").equals(
        found.select("article_id", "sentence_index").sort("article_id", "sentence_index")
    )


@pytest.mark.parametrize(
    "text",
    [
        # The cue follows a long participant phrase.
        "A telephone conversation between Secretary of State Ann Smith and Foreign Minister "
        "Ivan Petrov is being prepared for Monday.",
        "The meeting between Secretary of State Ann Smith and Foreign Minister Ivan Petrov is "
        "scheduled for June 16.",
        # Plans, expectations and present-tense wire ledes look ahead.
        "Smith flies to Moscow on Tuesday evening for talks with Petrov.",
        "Petrov said it was premature to talk of plans for a summit with Smith.",
        "Petrov said he expected a good meeting with Smith.",
        "Smith confirmed that a potential meeting with Petrov had been discussed.",
        "Smith and Petrov agreed in principle to a summit.",
    ],
)
def test_contacts_that_look_ahead_are_not_held(text: str) -> None:
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "During the alleged phone call, Smith warned Petrov about Ukraine.",
        "The treaty was negotiated by Washington and Moscow under the previous administration.",
        "The deal was negotiated by Moscow alone, and Washington was not a party to it.",
        "Dialogue between Washington and Moscow is always better than its absence, Petrov said.",
        "Dialogue is for Washington only a tool for propaganda, Moscow said.",
        "A day after a Normandy-format summit in Paris, Petrov flew to Washington.",
    ],
)
def test_mentions_that_report_no_us_russia_contact(text: str) -> None:
    assert "meeting_held" not in counted(text)


def test_dialogue_held_or_resumed() -> None:
    assert "meeting_held" in counted("Smith and Petrov held a strategic stability dialogue.")
    assert "meeting_planned" in counted("Smith and Petrov agreed to resume the dialogue.")
    # An ongoing channel is a contact held, as much as one round of it.
    assert "meeting_held" in counted("Smith has maintained a dialogue with his counterpart Petrov.")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Petrov offered Smith talks on cyber security. The White House declined the offer.", True),
        (
            "Petrov proposed a summit with Smith. His proposal was swiftly rebuffed by Washington.",
            True,
        ),
        # No contact was offered before: the offer is something else.
        ("Moscow and Washington differ on trade. The White House declined the offer.", False),
        # The offer's content is stated, and it is not a contact.
        (
            "Petrov offered Smith talks on cyber. Smith rejected the proposal for a ceasefire.",
            False,
        ),
        # Somebody else turns down the invitation.
        ("Smith invited Petrov to talks. Beijing turned down Washington's invitations.", False),
    ],
)
def test_turning_down_an_offer_of_contact_made_earlier(text: str, refused: bool) -> None:
    assert ("refused" in counted(text)) is refused


@pytest.mark.parametrize(
    "text",
    [
        # Arriving for a contact announces it.
        "Smith landed in Helsinki on Sunday evening for a summit with Petrov.",
        "Smith arrived in Geneva on Tuesday for his first summit with Petrov.",
        # Talking to the press, or to people named before the verb.
        "Smith spoke to reporters after Petrov's speech in Moscow.",
        "According to experts we spoke to, the treaty Smith and Petrov signed holds.",
        # Meeting an obligation is no meeting.
        "Sanctions stay until Russia met its commitments under the accords, Smith said.",
        # Another pair's contact, named by "between" or a compound.
        "Smith said talks between Russia and Ukraine ended in Istanbul without a deal.",
        "Smith welcomed the first direct Russia-Ukraine talks in three years.",
        "European leaders, including Britain's Starmer and France's Macron, spoke with Smith by "
        "phone about Russia.",
        "Smith warned Moscow against arms deals. Petrov greeted Kim at the cosmodrome, where the "
        "two leaders sat down for talks.",
        # A place to meet, and a meeting only argued about.
        "Helsinki has long been a meeting place for Washington and Moscow.",
        "Critics warned Smith against rewarding Moscow with a meeting at all.",
        # A denied report of contacts.
        "Petrov dismissed claims in a book by a US journalist that Smith had held seven phone "
        "calls with him.",
        # An early-20th-century year is background too.
        "Smith and Petrov laid wreaths in April 2020. In 1945 the two countries met as allies.",
        # A habit, not an event.
        "The commission of Smith and Petrov usually meets twice a year in Geneva.",
        "The only forum where Smith's and Petrov's officials met regularly was switched off.",
        # A contact one side walked away from.
        "Petrov said it was Washington that had walked away from talks with Moscow.",
        # Reported by a newspaper only.
        "According to the newspaper, Smith and Petrov discussed peace in Europe.",
        # The last contact of an earlier period.
        "The last publicly known phone conversation between Smith and Petrov took place years "
        "before.",
        # An association's annual meeting is a venue, not a contact.
        "Speaking at the association's annual meeting in Washington, Smith said Petrov was wrong.",
        # A headline naming readiness for dialogue reports no contact held.
        "Petrov at Valdai: 'We are ready' for dialogue with Smith's new administration",
        # Recalling a meeting looks back.
        "In it Smith and Petrov recall the meeting at Torgau as an example of cooperation.",
        # Cues past a place with an abbreviation, a relative clause or a short quote.
        "Petrov: consultations with Smith in St. Petersburg will not take place after sanctions.",
        'Smith\'s spokeswoman said a summit with Petrov was "certainly not the plan now."',
        # A contact judged, and a host named by a compound adjective.
        'Petrov\'s spokesman said a meeting between Petrov and Smith was "necessary".',
        "For Petrov, a seat at a U.S.-hosted summit would be a symbolic win.",
        # A multilateral summit one side attends.
        "Smith spoke to reporters at a summit of the European Political Community, and Petrov "
        "was absent.",
        # A channel, not a call on it.
        "The hotline between the Russian and U.S. militaries remained suspended, Petrov said.",
        # Another pair's contact named past a place, or with long titles.
        "The Kremlin on Tuesday welcomed the meeting in Singapore between U.S. President Smith "
        "and North Korean leader Kim Jong Un.",
        "Speaking after talks at the State Department with Ukraine's foreign minister, Dmytro "
        "Kuleba, Smith said he had written to Petrov.",
        # Any such contact as the subject of a modal.
        "A summit with Petrov, especially in Washington, would signal that Smith is weak.",
        "A Smith-Petrov summit at which the subject never comes up would be read as a green light.",
        # An opening, not a contact.
        'Petrov said "the doors to negotiations are open" for Smith.',
        # Headline parts: another pair's meeting, and a meeting expected later.
        "Key events: Smith meets Modi and Abe | Petrov says liberalism obsolete",
        "Key events: Smith arrives | Smith-Petrov meeting expected this afternoon",
        # A visit to a third country, an opinion on timing, one side's own video conference,
        # a denied report's details, a summit off the table, one side's own Security Council, and
        # talks with a third country's minister.
        "Smith, visiting Estonia on Monday, said Petrov's moves would not deter Washington.",
        "Smith told reporters it was probably a very good time for a meeting with Petrov.",
        "Speaking by videoconference to members of his Security Council, Petrov faulted Smith.",
        "The Post reported that Smith spoke with Petrov. The Kremlin called the report pure "
        "fiction. The report said the two men had discussed peace in Europe.",
        "Petrov's aide said a summit between Smith and Petrov, which France had said both had "
        'accepted in principle, was "certainly not" on the table now.',
        "Petrov said at a meeting with permanent members of the Security Council that Smith was "
        "wrong.",
        "Smith held talks in Moscow with the foreign minister of the DPRK, Petrov said.",
        # The last talks; a multilateral summit (its acronym in brackets); a meeting pushed back.
        "Smith and Petrov last held formal talks in Oslo in July.",
        "There are questions on which the climate summit Smith is planning for April needs Petrov.",
        "Petrov will not travel to Oslo for this week's Asia-Pacific Economic Cooperation (APEC) "
        "summit, Smith's aides said.",
        "A further meeting between Smith and Petrov that had been discussed for Washington in the "
        "spring was pushed back earlier this year.",
        # A cancellation after a long subject.
        "A meeting of the commission that Smith and Petrov had scheduled in Oslo in late "
        "November was postponed by Moscow at the last minute.",
        # Past an appositive participle; a reduced relative before the negation.
        "A summit between Smith and Petrov, proposed by a mediator on Sunday and accepted by "
        "both sides, is also off for now.",
        "Smith told Petrov the meeting they had planned to hold in Geneva will not go forward.",
        # A go-between's contact with both sides; two other parties in a headline.
        "The Swiss president spoke with Smith and Petrov on Tuesday.",
        "Russia, Ukraine hold first direct talks in Istanbul; Smith to call Petrov",
        # A European gathering both attend is multilateral.
        "Smith and Petrov's envoy attended the European Political Community summit in Tirana.",
        # A contact judged, cancelled in headlinese, not to be held, or still on the schedule.
        'A meeting of Smith and Petrov was "certainly necessary", an aide said.',
        "Smith-Petrov consultations in St. Petersburg cancelled after new sanctions",
        "The consultations between Smith and Petrov, which were scheduled in Geneva, will not be "
        "held.",
        "Smith's meetings with Petrov in Sochi remain on the schedule.",
        # "talks" as a verb; a visit to, and a meeting with, a third country.
        "The Smith administration talks of a new era of arms control with Petrov.",
        "Smith, visiting Tallinn on Sunday, told Estonian leaders that Petrov must stop.",
        "Petrov met with the president of Kazakhstan on the sidelines of the summit, Smith said.",
        # A call in preparation, a contact wanted, a request about a contact.
        "Petrov-Smith phone call being prepared, no date set",
        "Petrov wanted talks with Smith to begin without delay.",
        "They still want strategic stability talks with Smith, Petrov said.",
        "Petrov's aide said Moscow had not yet received any official requests from Smith's team "
        "concerning a meeting.",
    ],
)
def test_mentions_that_are_no_contact_held(text: str) -> None:
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # A planned contact named again by what it is called.
        "Smith will hold his first meeting with Petrov on Friday, Petrov's aide said, describing "
        "it as a full-fledged bilateral meeting.",
        # A contact planned earlier in the sentence is planned all through it.
        "Officials said the talks between Smith and Petrov would begin with a small session "
        "involving aides, followed by an expanded meeting with delegations.",
    ],
)
def test_contacts_still_planned(text: str) -> None:
    found = counted(text)
    assert "meeting_planned" in found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    "text",
    [
        # A stance, not a plan: readiness to talk, and the readout formula of keeping contacts.
        "Smith said Washington remained ready to talk about arms limits with Russia at any time.",
        # Readiness without a date is a stance too (the brief: "open to dialogue" is no plan).
        "Petrov said Russia was ready to hold consultations with U.S. officials.",
        'Petrov said he was "ready" to talk to Smith.',
        # So is a contact expected with no time.
        "Smith said he expected to speak with Petrov at some point but gave no timing.",
        "Smith said he would speak with Petrov, without saying when.",
        "Smith and Petrov agreed to maintain contacts, the Kremlin said.",
        "Smith and Petrov expressed their mutual intention to continue contacts at various levels.",
        # Not yet on the cards, or no plan at all.
        "Petrov's spokesman said it was too early to speak about the possibility of a personal "
        "meeting with Smith.",
        "Petrov's deputy said it was premature to discuss a meeting with Smith.",
        'Petrov\'s aide said he had "no concrete plans yet" to speak with Smith.',
        # An inverted condition, and an ability valued.
        "Should the U.S. envoy Smith eventually need to speak with Petrov, the message ought to be "
        "short.",
        "Smith believes it is important to be able to talk to Petrov at a time like this.",
        # The length a held meeting was meant to have.
        "Smith and Petrov met on Friday for two hours, far beyond the 30 minutes aides had "
        "scheduled.",
        "The first meeting between Smith and Petrov was supposed to last about half an hour.",
        # Something upcoming that is no contact; a multilateral summit proposed.
        "Smith warned Petrov against expecting a breakthrough next year, noting the upcoming "
        "Russian presidential election in March.",
        "Smith and Petrov spoke about Petrov's proposal to hold a summit of the permanent members "
        "of the U.N. Security Council.",
        # Speaking to a point.
        "Petrov would speak to what Smith said.",
        # A contact word past "and that" is no offer's object.
        'Petrov added that Russia\'s proposals to Smith "remain on the table" and that "the doors '
        'to negotiations are open".',
        # The length a held contact was given; a vote scheduled; time given for talks.
        "The talks between Smith and Petrov had been scheduled to last about half an hour.",
        "Petrov's parliament scheduled a vote on the deal with Smith for Wednesday.",
        "Petrov said the extension would give both sides time for meaningful negotiations with "
        "Smith.",
        # Readiness and staying in touch are stances; a future contact named with no plan.
        "The United States is prepared to engage with Russia without preconditions.",
        "Smith and Petrov said they would stay in touch.",
        "Petrov insists that any future talks with Smith must cover missile defence.",
        "Smith favoured the extension as a basis for future arms control talks with Petrov.",
        # A contact somebody "would" have, with no time or place: a guess.
        "Smith told NBC that he would probably speak to Petrov.",
        "Smith has suggested he would talk to Petrov.",
        # A hope with no date.
        "Petrov said Moscow hoped to build a dialogue with Smith.",
        # Something else made possible by talks; a long headline in the present tense.
        "Petrov said the exchange with Smith had become possible as a result of negotiations "
        "between Russia and the United States.",
        "Smith and Petrov speak by phone in first call between the Pentagon chief and the new "
        "Russian defence minister\n\nThey spoke for an hour.",
        # The meeting the article reports as held, named as the time of something else.
        "Smith and Petrov met in Geneva on Monday. Petrov's aide briefed reporters ahead of the "
        "summit.",
    ],
)
def test_stances_plan_no_contact(text: str) -> None:
    assert "meeting_planned" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # A meeting in view whose date is open is planned.
        "Petrov's aide said it was too early to name a date for a meeting with Smith.",
        "The meeting between Smith and Petrov was supposed to take place in Vienna.",
        # Headlinese and eves of contacts.
        "The announcement comes on the eve of a visit to Moscow by Smith, who will see Petrov.",
        "Smith and Petrov set for high-stakes Geneva talks",
        "Smith and Petrov prepare video call on Ukraine",
        "Petrov's aide said the meeting with Smith was confirmed for Saturday.",
        # A present-tense contact in a temporal clause; a meeting "still on"; a time and place set.
        "When Smith sits down with Petrov in Oslo on Wednesday, aides hope for progress.",
        'Smith told reporters that his meeting with Petrov at the summit is "probably" still on.',
        "Smith and Petrov have settled on the time and place for arms control negotiations.",
        # Told after a long subject: "will be held", "to take place".
        "Smith's aides said Russian-American consultations on security guarantees will be held in "
        "Oslo on January 10.",
        "Talks between Smith and Petrov on security guarantees to take place in Oslo on January "
        "10.",
        # A contact that "was supposed to be".
        "There was also supposed to be a meeting between Smith and Petrov to prepare the summit.",
        # A date and location agreed; a contact suggested.
        "Smith agreed with Petrov on a date and location for arms control negotiations.",
        'Smith told Petrov: "We suggested sitting down with you."',
        # A parenthetical is no apposition that would restart the cue's scope.
        "The White House said Smith had accepted, in principle, a meeting with Petrov.",
    ],
)
def test_contacts_in_view_are_planned(text: str) -> None:
    found = counted(text)
    assert "meeting_planned" in found
    assert "meeting_held" not in found


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # Topics of another clause: "even as ...", and ", and his administration ...".
        (
            "Washington and Moscow found common ground on terrorism, even as relations soured "
            "over Ukraine.",
            {"terrorism"},
        ),
        (
            "Smith and Petrov agreed to cooperate on terrorism, and his administration imposed "
            "sanctions over election interference.",
            {"terrorism"},
        ),
    ],
)
def test_agreed_topics_stay_in_their_clause(text: str, topics: set[str]) -> None:
    assert agreed_topics(text) == topics


def test_a_deal_in_principle_is_not_made_yet() -> None:
    text = (
        'Smith said there was "an agreement in principle at the highest levels of our two '
        'governments" with Petrov to extend New START.'
    )
    assert not {"agreement", "formal_agreement"} & counted(text)


def test_envoys_returning_to_their_posts_are_an_embassy_topic() -> None:
    text = (
        "Smith and Petrov agreed that the two envoys, who both left their posts this spring, "
        "would return."
    )
    assert agreed_topics(text) == {"diplomats_embassies"}


def test_arms_talks_working_groups_name_their_subjects() -> None:
    text = "Smith and Petrov agreed to set up working groups on verification and nuclear doctrine."
    assert agreed_topics(text) == {"arms_control"}


def test_a_swap_sentence_may_hold_abbreviations() -> None:
    text = (
        "Russia freed reporter Evan Jones, former U.S. Marine Paul Brown and two dissidents in "
        "exchange for Russians held in the West."
    )
    assert agreed_topics(text) == {"prisoners"}


def test_the_exchange_is_the_swap_reported_before_a_nearer_topic() -> None:
    text = (
        "Russia released an American in exchange for a Russian held by Washington. "
        "The talks on Ukraine went nowhere. "
        "Petrov's office said the exchange had been agreed with Smith's aides."
    )
    assert agreed_topics(text) == {"prisoners"}


def test_swapping_seats_is_no_prisoner_swap() -> None:
    text = "Smith and Petrov agreed to swap seats on space station flights."
    assert agreed_topics(text) == {"space"}
    assert agreed_topics("Smith and Petrov agreed to swap a ballerina for a smuggler.") == {
        "prisoners"
    }


def test_non_interference_in_internal_affairs_is_no_election_topic() -> None:
    text = (
        "Smith and Petrov agreed to set up a working group on cybersecurity and on "
        "non-interference in each other's internal affairs."
    )
    assert agreed_topics(text) == {"cyber"}
    assert agreed_topics("Smith and Petrov agreed to curb election meddling.") == {
        "election_interference"
    }


@pytest.mark.parametrize(
    "text",
    [
        "The treaty allows for an extension of up to five years by mutual agreement of Smith and "
        "Petrov.",
        "Smith said Petrov's response today to extend New START without a freeze was a "
        "non-starter.",
        "Gorbachev, who signed the treaty with Reagan, called the decision by Smith and Petrov a "
        "mistake.",
    ],
)
def test_no_formal_agreement_now(text: str) -> None:
    assert "formal_agreement" not in counted(text)


def test_purpose_plans_no_contact() -> None:
    text = "Petrov extended the treaty in order to allow time for negotiations with Smith."
    assert "meeting_held" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # A briefing answers a claim several sentences after naming the two sides.
        "Smith spoke for Washington. Petrov, for Moscow, said the expulsions were blackmail. "
        "Each country decided. They looked at facts. The nerve agent was military grade. "
        "It was used on allied soil. Moscow continues to deny any involvement.",
        # A stance put politely is stated now; "not true" rejects a claim.
        "Petrov said the diplomats were not spies. Smith: We would disagree with that.",
        "Petrov said Washington had blackmailed its allies. Smith: That is simply not true.",
    ],
)
def test_disagreement_found(text: str) -> None:
    assert "disagreement" in counted(text)


def test_third_party_officials_disagree_on_their_own() -> None:
    text = (
        "Petrov said the liberal idea was obsolete in an interview with Smith's paper. "
        "European Council president Tusk said he strongly disagreed."
    )
    assert "disagreement" not in counted(text)


def test_a_planned_contact_named_again_is_still_planned() -> None:
    text = "Smith will meet Petrov in Alaska on Friday. Smith called it a feel-out meeting."
    assert "meeting_held" not in counted(text)


def test_first_or_largest_since_is_current_news() -> None:
    text = "Smith and Petrov freed their prisoners in the largest prisoner swap since the Cold War."
    assert agreed_topics(text) == {"prisoners"}


@pytest.mark.parametrize(
    ("text", "signal", "found"),
    [
        (
            "The talks of Smith and Petrov began later than originally scheduled.",
            "meeting_planned",
            False,
        ),
        # A proposal raised in a call does not make the call a plan.
        (
            "Smith raised a proposal directly with Petrov in a phone call in late July.",
            "meeting_held",
            True,
        ),
        # Britain's invitation, Russia's own council.
        (
            "Starmer brought Smith a letter from King Charles inviting the president for a state "
            "visit, Russian media said.",
            "meeting_planned",
            False,
        ),
        (
            "Petrov spoke about Smith at the start of a videoconference meeting with the permanent "
            "members of Russia's Security Council.",
            "meeting_held",
            False,
        ),
        (
            "Nobody I have talked to expects a meeting between Smith and Petrov.",
            "meeting_held",
            False,
        ),
        (
            "Nobody I have talked to expects a meeting between Smith and Petrov.",
            "meeting_planned",
            False,
        ),
        (
            "Speaking at a meeting of Russia's security council held by video link, Petrov said "
            "Smith was wrong.",
            "meeting_held",
            False,
        ),
        (
            "Petrov told a meeting of the FSB's leadership that Smith's warnings were blackmail.",
            "meeting_held",
            False,
        ),
        (
            "There will be talk, in the weeks ahead, of a second meeting between Smith and Petrov.",
            "meeting_planned",
            False,
        ),
        ("Nothing has been scheduled yet for Smith and Petrov.", "meeting_planned", False),
        (
            "Democrats called on Smith to cancel the meeting with Petrov; the White House said no.",
            "refused",
            False,
        ),
        (
            "NATO leaders are due to gather in Washington next month for a summit marking the "
            "alliance's anniversary, where Russia's war is expected to dominate the agenda.",
            "meeting_planned",
            False,
        ),
        # A plan later in the sentence is not the contact's ("weeks before the U.S. is set to").
        (
            "Smith met Petrov on Friday, weeks before the U.S. is set to leave the treaty.",
            "meeting_held",
            True,
        ),
        (
            "His first full-fledged meeting with U.S. President Smith is planned on the sidelines, "
            "Petrov's aide said.",
            "meeting_planned",
            True,
        ),
        # A held meeting's length, another pair's plan, the call where a thing was agreed.
        (
            "The one-on-one between Smith and Petrov went well past its scheduled 90 minutes.",
            "meeting_planned",
            False,
        ),
        (
            "Petrov met Erdogan, and Smith is scheduled to meet Chinese President Xi Jinping.",
            "meeting_planned",
            False,
        ),
        (
            "The list covers the sites that Petrov agreed to in his call with Smith last week.",
            "meeting_planned",
            False,
        ),
        # Another pair's summit, in headlinese and with a long name before the verb.
        (
            "Kim, Petrov hold summit at spaceport as Washington warns against arms deal",
            "meeting_held",
            False,
        ),
        (
            "North Korean leader Kim Jong-un and Russian President Ivan Petrov held a summit on "
            "Wednesday, as Washington warned against an arms deal.",
            "meeting_held",
            False,
        ),
        # A time before a contact that took place is no condition on it.
        (
            "Before the meeting between Smith and Petrov, Iran had warned Washington.",
            "meeting_held",
            True,
        ),
        # Speaking to a point raised about the other side is no contact.
        (
            "Asked about Petrov's claim, Smith spoke to that at the Security Council.",
            "meeting_held",
            False,
        ),
        # A quotation takes the cue of the verb that opens it.
        (
            'Smith said he looked forward to "a meaningful summit with Petrov as soon as this '
            'situation is resolved."',
            "meeting_held",
            False,
        ),
        # An imagined scene, an envoy summoned home, a meeting called off after a relative clause.
        (
            "Imagine, for a moment, that Smith and Petrov sat down and agreed to extend it.",
            "meeting_held",
            False,
        ),
        (
            "Imagine, for a moment, that Smith and Petrov sat down and simply agreed to extend it.",
            "agreement",
            False,
        ),
        (
            "Petrov's ambassador in Washington was summoned to Moscow for consultations.",
            "meeting_held",
            False,
        ),
        (
            "Petrov suggested that Smith's ambassador travel home for serious, detailed "
            "consultations.",
            "meeting_held",
            False,
        ),
        (
            "Meetings of the commission between Washington and Moscow, which were supposed to take "
            "place in Cairo last November, were called off by Moscow.",
            "meeting_held",
            False,
        ),
    ],
)
def test_contact_or_not(text: str, signal: str, found: bool) -> None:
    assert (signal in counted(text)) is found


@pytest.mark.parametrize(
    ("text", "held"),
    [
        (
            "The Daily Planet reported that Smith had spoken with Petrov by phone. "
            "Petrov's spokesman said the report was completely untrue.",
            False,
        ),
        (
            "Today: the Smith-Petrov phone call that the Kremlin calls pure fiction. "
            "Smith's team did not comment.",
            False,
        ),
        # A reported contact nobody denies stays held.
        ("CNN reported that Smith and Petrov met last week.", True),
    ],
)
def test_a_reported_contact_that_the_article_denies_is_not_held(text: str, held: bool) -> None:
    assert ("meeting_held" in counted(text)) is held


def test_denying_a_news_report_is_no_disagreement_of_the_two() -> None:
    report = (
        "The Daily Planet reported that Smith had spoken with Petrov by phone. "
        'Petrov\'s spokesman said: "This is pure fiction, it is simply false information." '
        "By Monday, Moscow had flatly denied it."
    )
    assert "disagreement" not in counted(report)
    # A disagreement of the two sides in the same story still counts.
    both = report + " Separately, Petrov rejected Smith's accusations over the treaty."
    assert "disagreement" in counted(both)


def test_a_transcript_turn_speaks_for_its_speakers_side() -> None:
    text = (
        "Department Press Briefing\n\n"
        "QUESTION: Is the meeting with Petrov in Geneva still on?\n\n"
        "MS SMITH: I will say this once. Now that the invasion has begun, it does not make "
        "sense to go forward with that meeting at this time."
    )
    assert "refused" in counted(text)
    # Without the label nobody in the turn is a side.
    assert "refused" not in counted(text.replace("MS SMITH:", "She said:"))


def test_an_offer_ends_at_its_clause() -> None:
    text = "Smith called Petrov to press a U.S. offer, and talks continued through other channels."
    assert "meeting_planned.offer" not in evidence_for(text)["rule_id"].to_list()


def test_refusing_the_other_sides_offer_of_talks_with_oneself() -> None:
    # The object names the refuser's own side, but the offer inside the trigger is Petrov's.
    text = "Washington brushed off Petrov's offer of live online talks with Smith."
    assert "refused" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        # One party's consent, one side agreeing with a journalist, an earlier swap.
        "Petrov told Smith Russia wants an inquiry on Syria, to which Damascus has already agreed.",
        "Smith agreed with the interviewer that Petrov ordered the election interference.",
        "Smith agreed with host Jane Doe that Petrov had ordered the election interference.",
        # An anaphor after a sentence naming several topics; keeping up contacts; agreeing to
        # hold a session; failing to agree.
        "Smith and Petrov discussed Iran, space and Ukraine. The two presidents agreed to have "
        "their teams complete the extension by February.",
        "Smith and Petrov agreed to continue contacts at various levels, and Russian diplomats "
        "said a visit was being prepared.",
        "Smith and Petrov had agreed earlier this month to hold the Cairo session of the arms "
        "control commission.",
        "Smith and Petrov met, but the failure to agree a declaration on the Arctic was plain.",
        # A temporal condition: not agreed yet.
        "Smith wants the terms of a freeze fixed before he agrees with Petrov to extend New START.",
        # A goal both sides share is no deal.
        "Both ministers said the United States and Russia shared the goal of a nuclear-free "
        "North Korea.",
        "Smith met Petrov in Moscow. Both ministers said they wanted the Arctic to remain a "
        "region of peaceful cooperation.",
        "Smith's arrest comes months after Russia released Jones in exchange for Petrov.",
        # A demand on one side; a contact or its agenda agreed, not a topic.
        "Smith had set a deadline of August 8 for Petrov to agree to a ceasefire in Ukraine.",
        "The consultations with Petrov had been agreed earlier to discuss the embassies.",
        "Petrov's aide said the agenda with Smith had been agreed in general terms and would cover "
        "strategic stability.",
        # An exchange of views took place.
        "Smith and Petrov met on Friday and a detailed exchange took place.",
        # A contact's date or continuation agreed, or the contact agreed; a deadline to agree.
        "Smith agreed with Petrov on a date and location for arms control negotiations.",
        "Smith and Petrov agreed on Friday to continue talks to defuse the crisis over Ukraine.",
        "The Smith-Petrov consultations, agreed earlier through diplomatic channels, were supposed "
        "to address the return of the diplomatic property.",
        "Smith had set Petrov a deadline to agree to a ceasefire in Ukraine.",
        # Somebody else's deal, named by its subject.
        "Smith called Petrov after European Union leaders agreed to warn Russia of sanctions.",
        "Petrov met Smith in Istanbul, where Russia and Ukraine agreed to exchange prisoners.",
        "Smith spoke with Petrov as nearly 200 countries agreed to a climate fund for the Arctic.",
    ],
)
def test_no_agreement_of_the_two_now(text: str) -> None:
    assert agreed_topics(text) <= {None}


@pytest.mark.parametrize(
    "text",
    [
        "Smith recalled calling off retaliatory strikes on Petrov's forces with minutes to spare.",
        "Petrov had made clear to Smith that an exchange could happen only after a verdict.",
    ],
)
def test_calling_off_strikes_or_an_exchange_after_a_verdict_is_no_refused_contact(
    text: str,
) -> None:
    assert "refused" not in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith spoke Tuesday with Petrov for the first time since taking office.",
        "Smith, Petrov hold first call, agree to extend nuclear treaty",
        "Petrov's office said in its readout of the call that Smith and Petrov expressed "
        "satisfaction.",
        "Smith raised a list of concerns with Petrov during the call.",
    ],
)
def test_more_ways_to_report_a_call(text: str) -> None:
    assert "meeting_held" in counted(text)


@pytest.mark.parametrize(
    "text",
    [
        "Smith said he would extend the treaty and then negotiate a broader arrangement with "
        "Petrov.",
        "Smith wants to use the next five years to negotiate a broader agreement with Petrov.",
    ],
)
def test_negotiating_an_agreement_to_come_is_no_contact(text: str) -> None:
    found = counted(text)
    assert "meeting_held" not in found
    assert "meeting_planned" not in found


def test_what_a_denied_report_said_is_no_contact() -> None:
    text = (
        "The Washington Post reported that Smith spoke with Petrov. Petrov's spokesman called the "
        "report pure fiction. The Post said the two had also discussed the war."
    )
    assert "meeting_held" not in counted(text)


def test_no_agreement_yet_is_no_open_disagreement() -> None:
    text = "Smith and Petrov met, and there is still no agreement between them on the treaty."
    assert "disagreement" not in counted(text)


def test_a_treaty_signed_with_a_third_party_is_no_agreement_of_the_two() -> None:
    text = "Smith met Petrov. Russian and North Korean officials signed the treaty in Pyongyang."
    assert "formal_agreement" not in counted(text)


def test_an_agreement_with_a_third_party_named_beside_both_sides_counts() -> None:
    text = "The United States, Russia and Jordan agreed to a ceasefire in southwestern Syria."
    assert agreed_topics(text) == {"syria"}
    assert agreed_topics("Smith met Petrov. The two countries agree on Syria.") == {"syria"}


def test_an_agreement_announcing_a_list_takes_its_items_topics() -> None:
    text = (
        "Smith and Petrov agreed on four things.\n\n"
        "First, to restore the functioning of their embassies.\n\n"
        "Second, to work on ending the war in Ukraine.\n\n"
        "Reporters later asked about Syria."
    )
    assert agreed_topics(text) == {"diplomats_embassies", "ukraine"}


@pytest.mark.parametrize(
    "text",
    [
        # The journalists told are no party to the negotiations reported to them.
        "Petrov told journalists that the exchange was the result of negotiations between Moscow "
        "and Washington.",
        "Smith and Petrov spent less than four hours together at a villa in Geneva on Wednesday.",
        # A contact a news outlet reports is a contact; "last week" is no "last meeting".
        "CNN reported that Smith's and Petrov's military officials met last week in Moscow.",
        "Smith last week spoke with his counterpart Petrov for the first time since February.",
    ],
)
def test_contacts_held(text: str) -> None:
    assert "meeting_held" in counted(text)


def test_envoys_recalled_are_no_background() -> None:
    text = (
        "Petrov said he and Smith agreed that the ambassadors, who had been recalled for "
        "consultations in the spring, would return to their posts."
    )
    assert agreed_topics(text) == {"diplomats_embassies"}


@pytest.mark.parametrize(
    "text",
    [
        # Idioms that are no contact: "met with a response", "a negotiated end".
        "Smith said any effort by Petrov to undermine the elections would be met with a response.",
        "Smith and Petrov's aides have called for a negotiated end to the conflict.",
        # Nothing scheduled; an offer stopped short of; a greeting at a meeting under way.
        "Petrov's spokesman said nothing of the kind has been scheduled with Smith.",
        "Smith stopped short of proposing a specific call or meeting with Petrov.",
        "Smith wrote that it had been an honor to meet Petrov.",
        # A title; a third party's contact past its relative clause.
        "Smith announced that Jones, a former ambassador to Russia, would serve as special "
        "representative for Ukraine negotiations.",
        "Smith spoke about Petrov. Xi, who held talks with Petrov in Moscow this week, will meet "
        "Smith on Saturday.",
        # Nothing or no follow-up scheduled; a deal agreed through talks; a proposal made at a
        # meeting.
        "Asked about a meeting between Smith and Petrov, the aide said nothing scheduled yet.",
        "Officials said no follow-up meeting between Smith and Petrov had been scheduled.",
        "Petrov's ministry said the swap with Smith had been agreed through talks between the two "
        "governments.",
        "Petrov made the proposal to Smith on Friday at a Security Council meeting.",
        # A readiness under a condition that follows it.
        'Smith told Petrov that Washington was ready to engage in diplomacy "if Russia is '
        'serious."',
        # The talks a deal was agreed in; a proposal made at a meeting; a meeting's length.
        "Petrov's spokesman said the swap with Smith had been agreed in talks between the two "
        "countries.",
        "Smith met Petrov. According to the Russian side, Petrov proposed to adopt a joint "
        "statement on the results of the meeting.",
        "The talks between Smith and Petrov ran for two hours, against a scheduled thirty minutes.",
    ],
)
def test_no_contact_planned(text: str) -> None:
    assert "meeting_planned" not in counted(text)


def test_leaders_talking_in_passing_at_a_multilateral_summit_held_contact() -> None:
    text = (
        "Smith and Petrov exchanged a handshake and talked in passing several times on the "
        "sidelines of the Asia-Pacific Economic Cooperation (APEC) summit."
    )
    assert "meeting_held" in counted(text)


def test_a_negated_word_before_a_comma_and_an_uncued_dialogue_leave_the_summit_held() -> None:
    text = (
        'Smith and Petrov in Geneva: "No hostility", agreement on strategic stability dialogue\n\n'
        "The summit between Smith and Petrov has ended in Geneva."
    )
    assert "meeting_held" in counted(text)


def test_a_past_day_after_a_contact_dates_it_as_held() -> None:
    # The call is held even in a sentence whose first contact is still planned ...
    text = (
        "Smith will fly to Geneva for talks with Petrov. The talks will follow Smith's phone "
        "call with Petrov last Wednesday."
    )
    assert "meeting_held" in counted(text)
    # ... but a past day after the agreeing dates only the agreeing.
    assert "meeting_held" not in counted(
        "The meeting between Smith and Petrov had been agreed last week."
    )


def test_sitting_across_the_table_is_a_meeting() -> None:
    text = "In Riyadh, Petrov sat across a table from Smith for the first time in three years."
    assert "meeting_held" in counted(text)


def test_the_contact_already_reported_held_is_no_new_plan() -> None:
    held = "Smith and Petrov met in Helsinki on Monday. "
    assert "meeting_planned" not in counted(
        held + "Petrov said he hoped the meeting would yield results."
    )
    assert "meeting_planned" in counted(
        held + "Smith said the next meeting would be in Washington in May."
    )
