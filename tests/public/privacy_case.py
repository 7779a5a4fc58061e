"""An issued case full of personal data, for the privacy tests of the public side.

Distinctive names with ID and phone numbers: a worker whose quiz gap became a finding, a
special operator whose failed certificate check became a finding (his certificate number is his
ID number), the representative, a person fined, and an inspector's typed finding that names the
worker with his numbers. Evidence of every kind, sign-in sheet, exam paper and certificate
included, and signatures of everyone.
"""

from dataclasses import dataclass
from datetime import timedelta

from inspect_app import clock
from inspect_app.demo.builders import answer_every_item
from inspect_app.evidence.services import store_photo
from inspect_app.extensions import db
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.findings.suggestions import suggested_findings
from inspect_app.issuing.services import issue_record
from inspect_app.penalties.services import impose_penalty
from inspect_app.quizzes import services as quizzes
from inspect_app.quizzes.services import ensure_default_templates
from inspect_app.spotchecks.services import record_certificate_check
from tests import factories
from tests.quizzes.test_onsite_support import make_bank, right_answer, wrong_answer
from tests.records.helpers import photo_bytes

WORKER = "欧阳晓峰"
HOLDER = "司马振国"
REPRESENTATIVE = "诸葛明亮"
FINED = "端木子涵"
PEOPLE = {
    WORKER: (factories.valid_id_number(n=711), "13811112222"),
    HOLDER: (factories.valid_id_number(n=712), "13933334444"),
    REPRESENTATIVE: (factories.valid_id_number(n=713), "13755556666"),
    FINED: (factories.valid_id_number(n=714), "13677778888"),
}
TYPED = "现场询问{name}（身份证号{id}，电话{phone}），其称从未参加过三级安全教育。"
# Photo kinds: the public edition keeps these two, and leaves out the other three.
SHOWN_KINDS = ("training_photo", "site")
WITHHELD_KINDS = ("sign_in_sheet", "exam_paper", "certificate")


@dataclass
class PrivateCase:
    inspection: object
    inspectors: list[str]

    @property
    def url(self) -> str:
        return f"/c/{self.inspection.public_token}"

    @property
    def code(self) -> str:
        return self.inspection.verification_code

    def private_values(self) -> dict[str, str]:
        """Every value the public side must never show, by what it is."""
        values = {f"name {n}": n for n in PEOPLE} | {f"inspector {n}": n for n in self.inspectors}
        for name, (id_number, phone) in PEOPLE.items():
            values |= {f"id of {name}": id_number, f"phone of {name}": phone}
        return values | {"verification code": self.code}


def private_case(world) -> PrivateCase:
    user = world.inspector_a
    people = {
        name: factories.make_person(
            world.subject_a, name=name, id_number=id_number, phone=phone, position=position
        )
        for (name, (id_number, phone)), position in zip(
            PEOPLE.items(),
            ("worker", "special_operator", "principal", "safety_manager"),
            strict=True,
        )
    }
    case = factories.make_inspection(world, representative_name=REPRESENTATIVE)
    answer_every_item(case, user)
    db.session.commit()
    _photos(case, user)
    _quiz_gap(case, user, people[WORKER])
    _failed_check(case, user, people[HOLDER])
    for suggestion in suggested_findings(case):
        if suggestion.quiz_attempt_id or suggestion.certificate_check_id:
            record_finding(
                case,
                user,
                suggestion.description,
                suggestion.item_code,
                certificate_check_id=suggestion.certificate_check_id,
                quiz_attempt_id=suggestion.quiz_attempt_id,
            )
    id_number, phone = PEOPLE[WORKER]
    typed = record_finding(case, user, TYPED.format(name=WORKER, id=id_number, phone=phone), "PU-3")
    deadline = clock.today() + timedelta(days=30)
    issue_order(case, user, [typed.id], f"组织{WORKER}等新进场工人补训并如实建档。", deadline)
    _fine(case, user)
    _sign(case, user)
    issue_record(case, user)
    db.session.commit()
    return PrivateCase(case, [i.name for i in case.inspectors])


def _photos(case, user) -> None:
    for n, kind in enumerate(SHOWN_KINDS + WITHHELD_KINDS):
        store_photo(
            case,
            user,
            photo_bytes(900 + n, (800, 600)),
            kind=kind,
            caption=f"照片说明 {kind}",
            item_code="PU-4",
            idempotency_key=f"privacy-{case.id}-{n}",
        )


def _quiz_gap(case, user, worker) -> None:
    make_bank()
    ensure_default_templates()
    attempt, _short = quizzes.start_attempt(case, user, person=worker)
    for number, question in enumerate(quizzes.paper_questions(attempt)):
        answer = right_answer(question) if number < 3 else wrong_answer(question)
        quizzes.answer_question(attempt, question.id, answer)
    quizzes.finish_attempt(attempt, user)
    quizzes.set_recorded_score(attempt, user, 96, attempt.version)
    db.session.commit()


def _failed_check(case, user, holder) -> None:
    """His certificate (numbered with his ID number) expired long before the inspection."""
    issued = case.started_at.date() - timedelta(days=9 * 365)
    id_number = PEOPLE[HOLDER][0]
    certificate = factories.make_certificate(holder, number=id_number, issued_on=issued)
    record_certificate_check(case, user, holder, certificate.id, True, True, True, "", None, None)
    db.session.commit()


def _fine(case, user) -> None:
    impose_penalty(
        case,
        user,
        party="person",
        person_name=FINED,
        violation=f"安全生产管理人员{FINED}未如实记录安全生产教育和培训情况。",
        basis_code="SAFL-96",
        fine_yuan=10000,
        decision_no="",
        decision_date=None,
        measures=[],
    )


def _sign(case, user) -> None:
    from inspect_app.demo.media import signature
    from inspect_app.inspections.services import required_signers
    from inspect_app.signatures.services import record_signature

    for key, name in required_signers(case):
        record_signature(case, user, key, signature(name))
    db.session.commit()
