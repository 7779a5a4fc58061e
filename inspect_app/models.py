"""Import every model so that metadata, migrations and the app see all tables."""

from inspect_app.api.models import ApiToken, IdempotentRequest
from inspect_app.audit.models import AuditEntry
from inspect_app.auth.models import User, UserSession
from inspect_app.documents.models import Document, DocumentCounter
from inspect_app.evidence.models import Photo
from inspect_app.findings.models import (
    Finding,
    OrderExtension,
    OrderResponse,
    RectificationOrder,
)
from inspect_app.inbox.models import InboxRead, ReminderContact, ReminderDelivery
from inspect_app.inspections.models import (
    CaseCounter,
    CaseInspector,
    Inspection,
    ItemAnswer,
    Revision,
)
from inspect_app.jobs.models import RenderJob
from inspect_app.penalties.models import Penalty
from inspect_app.plans.models import (
    Draw,
    EnforcementPlan,
    OfficerConflict,
    PlanAmendment,
    Task,
    TaskReassignment,
)
from inspect_app.proceedings.models import ExamMeasure, Proceeding, Referral, Statement
from inspect_app.public.models import HeldPhoto
from inspect_app.quizzes.models import (
    OralQuestion,
    Question,
    QuizAttempt,
    QuizTemplate,
    WorkerModePin,
)
from inspect_app.ratelimit import RateEvent
from inspect_app.records.models import RecordFile
from inspect_app.regions.models import Region
from inspect_app.rollups.models import MonthlyRollup
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem, SelfCheckPhoto
from inspect_app.signatures.models import Signature
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.stats.models import (
    MonthlyReport,
    SelfCheckSummaryAmendment,
    SelfCheckSummaryFiling,
)
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.summaries.models import SummaryDraft
from inspect_app.tips.models import Tip

__all__ = [
    "ApiToken",
    "AuditEntry",
    "CaseCounter",
    "CaseInspector",
    "Certificate",
    "CertificateCheck",
    "Document",
    "DocumentCounter",
    "Draw",
    "EnforcementPlan",
    "ExamMeasure",
    "Finding",
    "HeldPhoto",
    "IdempotentRequest",
    "InboxRead",
    "Inspection",
    "ItemAnswer",
    "MonthlyReport",
    "MonthlyRollup",
    "OfficerConflict",
    "OralQuestion",
    "OrderExtension",
    "OrderResponse",
    "Penalty",
    "Person",
    "Photo",
    "PlanAmendment",
    "Proceeding",
    "Question",
    "QuizAttempt",
    "QuizTemplate",
    "RateEvent",
    "RecordFile",
    "RectificationOrder",
    "Referral",
    "Region",
    "ReminderContact",
    "ReminderDelivery",
    "RenderJob",
    "Revision",
    "SelfCheck",
    "SelfCheckItem",
    "SelfCheckPhoto",
    "SelfCheckSummaryAmendment",
    "SelfCheckSummaryFiling",
    "Signature",
    "Statement",
    "Subject",
    "SummaryDraft",
    "Task",
    "TaskReassignment",
    "Tip",
    "User",
    "UserSession",
    "WorkerModePin",
]
