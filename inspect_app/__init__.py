"""Field inspection app for work-safety enforcement campaigns."""

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config → sessions → extensions → blueprints → guards → errors → cli."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    from inspect_app import cli, config, errors, extensions, i18n, security, sessions

    config.load_config(app, test_config)
    sessions.init_app(app)
    extensions.init_app(app)
    _register_blueprints(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    i18n.init_jinja(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from inspect_app.admin.views import bp as admin_bp
    from inspect_app.auth.views import bp as auth_bp
    from inspect_app.main.views import bp as main_bp
    from inspect_app.subjects.views import bp as subjects_bp

    for blueprint in (main_bp, auth_bp, subjects_bp, admin_bp):
        app.register_blueprint(blueprint)
