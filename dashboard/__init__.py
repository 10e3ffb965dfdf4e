"""The Streamlit dashboard: UI only; every number comes from `metrics`."""
