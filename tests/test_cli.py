"""Command-line tools."""

from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.validators import normalise_code


def test_regions_create_and_list(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["regions", "create", "320623", "如东县"]).exit_code == 0
    result = runner.invoke(args=["regions", "create", "320623105", "洋口镇", "--parent", "320623"])
    assert result.exit_code == 0
    output = runner.invoke(args=["regions", "list"]).output
    assert output.splitlines() == ["320623\t如东县\t", "320623105\t洋口镇\t320623"]


def test_regions_create_refuses_duplicates_and_unknown_parents(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "create", "R1", "One"])
    assert runner.invoke(args=["regions", "create", "R1", "Again"]).exit_code != 0
    assert runner.invoke(args=["regions", "create", "R2", "Two", "--parent", "NOPE"]).exit_code != 0


def test_users_create_takes_password_from_environment(app, monkeypatch):
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "create", "R1", "One"])
    monkeypatch.setenv("INSPECT_PASSWORD", "from-the-environment")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "li",
            "--role",
            "inspector",
            "--region",
            "R1",
            "--name",
            "李",
            "--cert-no",
            "C-1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "li"))
    assert (user.display_name, user.cert_no, user.role) == ("李", "C-1", "inspector")
    assert user.check_password("from-the-environment")


def test_users_create_prompts_when_no_environment_password(app, monkeypatch):
    monkeypatch.delenv("INSPECT_PASSWORD", raising=False)
    runner = app.test_cli_runner()
    runner.invoke(args=["regions", "create", "R1", "One"])
    result = runner.invoke(
        args=["users", "create", "wu", "--role", "admin", "--region", "R1"],
        input="typed-password-1\ntyped-password-1\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "wu")).check_password(
        "typed-password-1"
    )


def test_users_create_rejects_bad_role(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x", "--role", "boss", "--region", "R1"]
    )
    assert result.exit_code != 0


def test_help_comes_from_docstrings(app):
    result = app.test_cli_runner().invoke(args=["regions", "list", "--help"])
    assert "tab-separated" in result.output


def test_seed_demo_covers_every_status_and_role_and_loads_once(app):
    """Seeded through the command, then again: the second run loads nothing more."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "zhang.wei" in result.output
    today = clock.today()
    certificates = db.session.scalars(select(Certificate)).all()
    assert {c.status_on(today) for c in certificates} == {
        "valid",
        "expiring",
        "expired",
        "review_overdue",
    }
    subjects = db.session.scalars(select(Subject)).all()
    assert len(subjects) >= 12
    assert {s.kind for s in subjects} == {"production_unit", "training_institution", "exam_site"}
    assert any(s.high_risk for s in subjects)
    assert {u.role for u in db.session.scalars(select(User))} == {
        "inspector",
        "supervisor",
        "admin",
    }
    assert any(p.assessment_overdue_on(today) for p in db.session.scalars(select(Person)))
    count = db.session.scalar(select(func.count()).select_from(Subject))
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert "not loaded again" in again.output
    assert "zhang.wei" in again.output
    assert db.session.scalar(select(func.count()).select_from(Subject)) == count


def test_seed_demo_data_passes_the_form_validators(demo_app):
    from stdnum.cn import ric, uscc

    assert all(uscc.is_valid(s.uscc) for s in db.session.scalars(select(Subject)))
    ids = [p.id_number for p in db.session.scalars(select(Person)) if p.id_number]
    assert ids and all(ric.is_valid(normalise_code(i)) for i in ids)


def test_seed_demo_has_cases_in_every_state_with_their_parts(demo_app):
    from inspect_app.evidence.models import Photo
    from inspect_app.findings.models import Finding, RectificationOrder
    from inspect_app.inspections.models import Inspection
    from inspect_app.penalties.models import Penalty

    cases = db.session.scalars(select(Inspection)).all()
    assert {c.status for c in cases} == {"draft", "issued", "rectifying", "closed"}
    issued = [c for c in cases if c.status != "draft"]
    assert all(c.case_number and c.public_token and c.revisions for c in issued)
    today = clock.today()
    orders = db.session.scalars(select(RectificationOrder)).all()
    assert any(o.is_overdue_on(today) for o in orders)
    assert any(o.status == "open" and not o.is_overdue_on(today) for o in orders)
    for model in (Photo, Finding, Penalty):
        assert db.session.scalar(select(func.count()).select_from(model)) > 0
    from inspect_app.findings.models import OrderResponse
    from inspect_app.records.models import RecordFile

    assert {f.inspection_id for f in db.session.scalars(select(RecordFile))} == {
        c.id for c in issued
    }
    status_of = {c.id: c.status for c in cases}
    responses = db.session.scalars(select(OrderResponse)).all()
    answered = {status_of[r.order.inspection_id] for r in responses}
    assert answered == {"rectifying", "closed"}  # one awaiting re-inspection, one closed


def test_seed_demo_takes_the_flagged_quiz_gap_as_a_finding(demo_app):
    from inspect_app.findings.models import Finding
    from inspect_app.quizzes.models import QuizAttempt

    flagged = [a for a in db.session.scalars(select(QuizAttempt)) if a.gap_flagged]
    findings = db.session.scalars(select(Finding).where(Finding.quiz_attempt_id.is_not(None)))
    assert [(f.quiz_attempt_id, f.item_code) for f in findings] == [(a.id, "PU-8") for a in flagged]
    assert flagged and "施建军" in flagged[0].worker_name


def _contradictions(snapshot: dict) -> set[str]:
    """Items a snapshot answers compliant while one of its findings rests on them."""
    compliant = {i["code"] for i in snapshot["checklist"] if i["result"] == "compliant"}
    return compliant & {f["item"] for f in snapshot["findings"]}


def test_no_issued_demo_record_contradicts_itself(demo_app):
    from inspect_app.inspections.models import Inspection

    issued = [c for c in db.session.scalars(select(Inspection)) if c.status != "draft"]
    snapshots = [(c.subject.name, r.number, r.snapshot) for c in issued for r in c.revisions]
    assert len(issued) >= 5 and len(snapshots) >= len(issued)
    assert [(name, n) for name, n, s in snapshots if _contradictions(s)] == []
    quiz_cases = [s for _name, _n, s in snapshots if s.get("quizzes")]
    pu8 = [
        next(i for i in s["checklist"] if i["code"] == "PU-8")
        for s in quiz_cases
        if "PU-8" in {f["item"] for f in s["findings"]}
    ]
    assert pu8 and {i["result"] for i in pu8} == {"non_compliant"}  # the quiz-gap finding
