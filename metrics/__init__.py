"""Everything that computes: corpus → evidence → signals → yearly index. No Streamlit here.

`build(corpus)` is the one entry point; see `metrics.pipeline` and the schemas in
`metrics.schema`.
"""

from metrics.pipeline import Analysis, analyse, build

__all__ = ["Analysis", "analyse", "build"]
