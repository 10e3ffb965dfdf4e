"""Everything that computes: corpus → evidence → signals → yearly index. No Streamlit here."""
