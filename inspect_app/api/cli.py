"""`flask --app wsgi tokens …`: API tokens from the command line."""

import click
from flask.cli import AppGroup

from inspect_app.api.models import ApiToken
from inspect_app.api.services import create_token, revoke_token, tokens_of
from inspect_app.auth.services import find_user
from inspect_app.extensions import db

tokens_cli = AppGroup("tokens", help="Manage API tokens.")


def _user_or_fail(username: str):
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username}")
    return user


@tokens_cli.command("create")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="A label to recognise the token.")
def tokens_create(username: str, name: str) -> None:
    """Create a token for USERNAME and print it once (only its hash is kept)."""
    user = _user_or_fail(username)
    if not user.active:
        raise click.ClickException(f"user {username} is deactivated")
    token, plain = create_token(user, name[:64])
    db.session.commit()
    click.echo(f"token {token.id} for {user.username} ({token.name}); it is shown only once:")
    click.echo(plain)


@tokens_cli.command("list")
@click.argument("username")
def tokens_list(username: str) -> None:
    """Print USERNAME's tokens: id, name, prefix, created, last used, revoked (tab-separated)."""
    for token in tokens_of(_user_or_fail(username)):
        times = (token.created_at, token.last_used_at, token.revoked_at)
        cells = (str(token.id), token.name, token.prefix, *(_iso(t) for t in times))
        click.echo("\t".join(cells))


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID; requests carrying it are refused from now on."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no token {token_id}")
    revoke_token(token, None)  # an operator at the console, not a user
    db.session.commit()
    click.echo(f"revoked token {token.id} of {token.user.username}")


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""
