"""The internal dashboard (draft, internal): a Streamlit multipage app for statisticians and
data stewards. Run it with `make dashboard` (port 8501) or

    streamlit run dashboards/internal/app.py --server.headless true --browser.gatherUsageStats false

This entrypoint draws the frame (language switch, sign-in, navigation); each page is its own
script beside it. Nothing internal (queue, audit log, quality trends, drafts) is drawn before
sign-in; pages may be read by any signed-in user; every action checks the role.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only this folder on the path
    sys.path.insert(0, str(ROOT))

from dashboards.i18n import language_switch, t  # noqa: E402
from dashboards.internal.session import require_sign_in  # noqa: E402

st.set_page_config(page_title=t("internal.app_title"), page_icon="🗂️", layout="wide")

with st.sidebar:
    st.markdown(f"**{t('internal.app_title')}**")
    st.caption(t("internal.sidebar_title"))
    lang = language_switch(st.sidebar)
require_sign_in(lang)  # stops here for anyone not signed in

pages = {
    t("internal.nav_section"): [
        st.Page(
            HERE / "review_queue.py",
            title=t("internal.nav_review"),
            icon="🔎",
            url_path="review",
            default=True,
        ),
        st.Page(HERE / "submissions.py", title=t("status.nav"), icon="📥", url_path="submissions"),
        st.Page(HERE / "releases.py", title=t("release.nav"), icon="✅", url_path="releases"),
    ],
}
st.navigation(pages).run()
