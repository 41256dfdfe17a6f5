"""Who may use the workbench: a session that showed the token `make curate` printed at launch.

The token is made per launch and passed to the server in its environment only (never in a file
the app serves); without it in the environment the workbench is not in curator mode at all.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

TOKEN_ENV = "CURATOR_TOKEN"  # noqa: S105 (the name of the variable, not a secret)
TOKEN_PARAM = "token"  # noqa: S105 (the name of the parameter)
_SESSION_KEY = "curator-admitted"


def require_curator() -> None:
    """Stop the page unless this is curator mode and this session gave the launch token."""
    expected = os.environ.get(TOKEN_ENV, "")
    if not expected:
        st.error("The workbench runs only in curator mode, started with `make curate`.")
        st.stop()
    if st.session_state.get(_SESSION_KEY) is True:
        return
    given = st.query_params.get(TOKEN_PARAM, "")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        st.error(
            "This workbench needs the token printed by `make curate` in its terminal: open the link "
            "it printed."
        )
        st.stop()
    st.session_state[_SESSION_KEY] = True
    del st.query_params[TOKEN_PARAM]  # out of the address bar, the history and every link made here
