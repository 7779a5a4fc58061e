"""The demo data: two tips (one verified into a case and answered), and inboxes with entries."""

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inbox.services import inbox_entries, read_keys
from inspect_app.tips.models import Tip


def test_demo_tips_and_inboxes(demo_app):
    tips = list(db.session.scalars(select(Tip).order_by(Tip.id)))
    assert len(tips) == 2
    letter, public = tips
    assert letter.verified_by_case_id is not None and letter.status == "closed"
    assert letter.answered_at is not None
    assert (public.channel, public.status) == ("public_form", "received")
    zhang = db.session.scalar(select(User).where(User.username == "zhang.wei"))
    kinds = {entry.kind for entry in inbox_entries(zhang)}
    assert "tip" in kinds
    for user in db.session.scalars(select(User).where(User.role != "admin")):
        assert inbox_entries(user), user.username
    assert read_keys(zhang)
