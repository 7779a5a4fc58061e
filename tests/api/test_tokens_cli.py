"""`flask tokens create | list | revoke`."""

from inspect_app.api.models import ApiToken
from inspect_app.extensions import db


def test_create_prints_a_working_token_once_then_revoke_ends_it(app, client, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tokens", "create", "insp_a", "--name", "phone"])
    assert result.exit_code == 0, result.output
    plain = result.output.splitlines()[-1]
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/regions", headers=headers).status_code == 200
    token = db.session.scalar(db.select(ApiToken))
    assert token.name == "phone" and plain not in token.token_sha256

    listed = runner.invoke(args=["tokens", "list", "insp_a"]).output.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [[str(token.id), "phone", token.prefix]]
    assert plain not in "\n".join(listed)

    assert runner.invoke(args=["tokens", "revoke", str(token.id)]).exit_code == 0
    assert client.get("/api/v1/regions", headers=headers).status_code == 401
    assert runner.invoke(args=["tokens", "list", "insp_a"]).output.split("\t")[-1].strip()


def test_unknown_users_and_tokens_fail_clearly(app, world):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["tokens", "create", "nobody"])
    assert missing.exit_code != 0 and "no user nobody" in missing.output
    assert runner.invoke(args=["tokens", "revoke", "999"]).exit_code != 0
