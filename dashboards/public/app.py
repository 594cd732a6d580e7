"""The public dashboard: published releases only, Simplified Chinese first (practice 28).

Run it with `make public` (port 8502) or `python -m dashboards.public.launch`. This entrypoint
draws the frame (language switch, release selector, navigation); each page is its own script
beside it. Pages whose table a release lacks are not offered (a page for a mart added later is
one more entry in PAGES). It reads nothing but `releases/<release_id>/` folders through
dashboards/public/data.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only this folder on the path
    sys.path.insert(0, str(ROOT))

from dashboards.i18n import current_lang, language_switch, t  # noqa: E402
from dashboards.public.data import releases, unknown_release  # noqa: E402
from dashboards.public.pages import PAGES, available  # noqa: E402
from dashboards.public.selector import release_selector  # noqa: E402

# no page_icon: a Material icon favicon is fetched from fonts.gstatic.com, outside the site
st.set_page_config(page_title=t("public.app_title"), layout="wide")

# Streamlit's page says <html lang="en"> whatever it shows: declare the language shown, for
# screen readers, hyphenation and fonts (a script the page runs, not an iframe).
st.html(
    f"<script>document.documentElement.lang = "
    f"{'zh-CN' if current_lang() == 'zh' else 'en'!r};</script>",
    unsafe_allow_javascript=True,
)

with st.sidebar:
    st.markdown(f"**{t('public.app_title')}**")
    language_switch(st.sidebar)
    unknown = unknown_release(releases())
    ctx = None if unknown else release_selector()

if unknown:
    st.title(t("public.app_title"))
    st.error(t("public.unknown_release", release_id=unknown), icon=":material/error:")
    st.markdown("\n".join(f"- [{r.release_id}](?release={r.release_id})" for r in releases()[::-1]))
    st.stop()

if ctx is None:
    st.title(t("public.app_title"))
    st.info(t("public.no_releases"))
    st.stop()

sections: dict[str, list[st.Page]] = {}
for spec in available(PAGES, ctx.release.tables):
    sections.setdefault(t(spec.section_key), []).append(
        st.Page(
            HERE / spec.script,
            title=t(spec.title_key),
            # no icon: a page's Material icon becomes the favicon, fetched from
            # fonts.gstatic.com, a request to a third party from every visitor
            url_path=spec.url_path,
            default=spec.default,
        )
    )
st.navigation(sections).run()

with st.sidebar:
    st.divider()
    st.caption(ctx.release.stamp(ctx.lang))
    st.caption(t("public.terms_short"))
