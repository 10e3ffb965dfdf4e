"""The Method tab: the formula, the codebook, the knowledge file's coverage and the limits."""

from __future__ import annotations

import streamlit as st

from metrics.pipeline import Analysis


def show_method_tab(analysis: Analysis) -> None:
    st.subheader("How the index is computed")
    st.markdown(
        "Each sentence that reports a US–Russia interaction is matched against the codebook. "
        "Only events in the *actual* mode count (planned meetings count as *meeting planned*); "
        "negated, hypothetical and past-reported events are shown but not counted."
    )
    st.latex(
        r"\text{score}_a = \frac{\sum_s w_s\, n_{a,s}}{\sum_s n_{a,s}}, \qquad "
        r"\text{index}_y = \frac{1}{|A_y|} \sum_{a \in A_y} \text{score}_a"
    )
    st.markdown(
        "where $n_{a,s}$ is the number of counted evidence sentences for signal $s$ in article "
        "$a$, $w_s$ the signal's weight on the Goldstein scale (−10 conflict … +10 cooperation) "
        "and $A_y$ the scored articles whose *event* year is $y$. The band is a 90% bootstrap "
        "interval over articles; it needs at least two scored articles."
    )
    st.subheader("Codebook")
    codebook = analysis.codebook
    st.caption(f"Version {codebook.version}; sha256 {codebook.sha256[:12]}…")
    st.dataframe(codebook.table(), hide_index=True)
    st.subheader("Knowledge file")
    knowledge = analysis.knowledge
    people, events = knowledge.people, knowledge.events
    span_years = [
        *[d.year for d in people["start"].drop_nulls().to_list()],
        *[d.year for d in people["end"].drop_nulls().to_list()],
        *[d.year for d in events["date"].drop_nulls().to_list()],
    ]
    cols = st.columns(3)
    cols[0].metric("Officeholders", people["name"].n_unique())
    cols[1].metric("Dated events", events.height)
    span = f"{min(span_years)}–{max(span_years)}" if span_years else "–"
    cols[2].metric("Years covered", span)
    st.caption(f"Knowledge file version {knowledge.version}.")
    st.subheader("Limits")
    st.markdown(
        "- Rules, not a trained model: paraphrases the codebook does not know are missed.\n"
        "- A year with few articles has a wide interval; one article gives no interval at all.\n"
        "- Years are inferred from the text; low-confidence years can be filtered out.\n"
        "- The weights are a choice: the presets and sliders show how much the picture depends "
        "on it.\n"
        "- Near-duplicate articles (syndicated copies) are excluded unless you include them."
    )
