"""Who is using the internal dashboard: sign-in with the local user store, or single sign-on.

The signed-in ``User`` lives in ``st.session_state[USER_KEY]``. Pages pass it to the functions
that act (``dualcarbon.release.workflow``, ``dualcarbon.quality.review``), which check roles
themselves: a button hidden or disabled here is a courtesy, never the guard.

Single sign-on: when the app is configured for OIDC (``[auth]`` in ``.streamlit/secrets.toml``,
docs/operations.md), ``st.user`` carries the identity and it is mapped to a local user by
``sso_subject``; the local user store still decides the roles.
"""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dualcarbon.auth import AuthError, LocalUserStore, User, roles
from dualcarbon.paths import Workspace

USER_KEY = "user"


def current_user() -> User | None:
    user = st.session_state.get(USER_KEY)
    if user is None and getattr(st.user, "is_logged_in", False):  # OIDC single sign-on
        subject = st.user.get("email") or st.user.get("sub")
        try:
            user = LocalUserStore.of(Workspace.from_env().home).user_for_subject(str(subject))
            st.session_state[USER_KEY] = user
        except AuthError as error:
            st.sidebar.error(error.message_zh + " / " + error.message_en)
    return user


def role_names(user: User, lang: str) -> str:
    return roles.role_names(user.roles).render(lang)


def sign_in_sidebar(lang: str) -> User | None:
    """The sidebar's sign-in form, or who is signed in with a sign-out button."""
    user = current_user()
    if user is not None:
        st.sidebar.success(
            t("auth.signed_in", name=user.display_name, roles=role_names(user, lang))
        )
        if st.sidebar.button(t("auth.sign_out"), key="sign_out"):
            st.session_state.pop(USER_KEY, None)
            st.rerun()
        return user
    with st.sidebar.form("sign_in"):
        st.markdown(f"**{t('auth.title')}**")
        username = st.text_input(t("auth.username"), key="sign_in_username")
        password = st.text_input(t("auth.password"), type="password", key="sign_in_password")
        if st.form_submit_button(t("auth.sign_in"), type="primary"):
            try:
                st.session_state[USER_KEY] = LocalUserStore.of(
                    Workspace.from_env().home
                ).authenticate(username.strip(), password)
                st.rerun()
            except AuthError as error:
                st.error(error.message(lang))
    st.sidebar.caption(t("auth.note"))
    return None
