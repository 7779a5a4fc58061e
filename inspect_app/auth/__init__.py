"""Sign-in, roles and the scope of what each user may see."""


def init_app(app) -> None:
    """Tell Flask-Login how a session finds its user."""
    from inspect_app.auth.sessions import load_session_user
    from inspect_app.extensions import login_manager

    login_manager.user_loader(load_session_user)
