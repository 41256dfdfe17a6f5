"""The curator's workbench: a local Streamlit app (`make curate`, curate.py) apart from the public one.

Nothing here is imported by app.py, pages/ or deploy/ (an import-linter contract in pyproject.toml
and tests/unit/test_curator_mode.py check it), so no public replica can ever serve it.
"""
