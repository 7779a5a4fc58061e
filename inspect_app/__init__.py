"""Field inspection app for work-safety enforcement campaigns."""

from apiflask import APIFlask
from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config → sessions → request log → extensions → blueprints → hooks →
    guards → cli."""
    app = APIFlask(
        __name__,
        title="Field inspection API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,  # the readable API page is ours: no CDN on an intranet
        json_errors=False,  # pages keep their own error pages; the API sends problem details
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    from inspect_app import (
        auth,
        casepage,
        cli,
        config,
        errors,
        extensions,
        i18n,
        inbox,
        models,  # noqa: F401  (every table, for the metadata and migrations)
        request_log,
        routing,
        security,
        sessions,
        static_files,
        storage,
        tips,
    )

    config.load_config(app, test_config)
    sessions.init_app(app)
    request_log.init_app(app)  # before the extensions: its line is the last hook
    extensions.init_app(app)
    auth.init_app(app)
    storage.init_app(app)
    static_files.init_app(app)
    _start_job_queue(app)
    routing.init_app(app)
    _register_blueprints(app)
    tips.init_app(app)
    inbox.init_app(app)
    _plug_into_case_core(app)
    _keep_rollups_current()
    casepage.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    i18n.init_jinja(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from inspect_app.admin import views as admin
    from inspect_app.api import views as api
    from inspect_app.auth import views as auth
    from inspect_app.dashboard import views as dashboard
    from inspect_app.documents import views as documents
    from inspect_app.dossier import views as dossier
    from inspect_app.evidence import views as evidence
    from inspect_app.findings import extension_views as extension_decisions
    from inspect_app.findings import views as findings
    from inspect_app.inbox import views as inbox
    from inspect_app.inspections import views as inspections
    from inspect_app.issuing import views as issuing
    from inspect_app.main import views as main
    from inspect_app.offline import views as offline
    from inspect_app.penalties import views as penalties
    from inspect_app.plans import task_views as tasks
    from inspect_app.plans import views as plans
    from inspect_app.proceedings import execution_views as proceeding_steps
    from inspect_app.proceedings import public_views as proceedings_public
    from inspect_app.proceedings import views as proceedings
    from inspect_app.public import extensions as public_extensions
    from inspect_app.public import views as public
    from inspect_app.quizzes import bank_views as quiz_bank
    from inspect_app.quizzes import views as quizzes
    from inspect_app.records import views as records
    from inspect_app.referrals import measure_views as exam_measures
    from inspect_app.referrals import views as referrals
    from inspect_app.selfchecks import problem_views as selfcheck_problems
    from inspect_app.selfchecks import views as selfchecks
    from inspect_app.settings import sessions as account_sessions
    from inspect_app.settings import views as settings
    from inspect_app.signatures import views as signatures
    from inspect_app.spotchecks import views as spotchecks
    from inspect_app.stats import views as stats
    from inspect_app.subjects import views as subjects
    from inspect_app.summaries import views as summaries
    from inspect_app.tips import public_views as tips_public
    from inspect_app.tips import views as tips

    features = (
        main,
        auth,
        subjects,
        inspections,
        issuing,
        evidence,
        spotchecks,
        findings,
        extension_decisions,
        penalties,
        proceedings,
        proceedings_public,
        signatures,
        quizzes,
        quiz_bank,
        records,
        documents,
        proceeding_steps,
        dossier,
        referrals,
        exam_measures,
        public,
        public_extensions,
        selfchecks,
        selfcheck_problems,
        stats,
        summaries,
        dashboard,
        plans,
        tasks,
        tips,
        tips_public,
        inbox,
        admin,
        settings,
        account_sessions,
        offline,
        api,
    )
    for feature in features:
        app.register_blueprint(feature.bp)
    api.init_app(app)


def _start_job_queue(app: Flask) -> None:
    """The queue the worker drains, what each kind of job renders, and its minute chores."""
    from inspect_app import jobs
    from inspect_app.documents.jobs import HANDLERS as DOCUMENTS
    from inspect_app.dossier.jobs import HANDLERS as DOSSIERS
    from inspect_app.evidence.resumable import sweep_abandoned_parts
    from inspect_app.records.jobs import HANDLERS as RECORDS

    jobs.init_app(app, RECORDS | DOCUMENTS | DOSSIERS, chores=[sweep_abandoned_parts])


def _keep_rollups_current() -> None:
    """The dashboard's monthly rollups follow every write to cases, findings and penalties."""
    from inspect_app.rollups.services import keep_rollups_current

    keep_rollups_current()


def _plug_into_case_core(app: Flask) -> None:
    """The case core calls what sits above it through hooks; it never imports it."""
    from inspect_app.findings.consistency import refuse_contradiction
    from inspect_app.findings.queries import most_overdue_orders
    from inspect_app.inspections.hooks import CaseHooks
    from inspect_app.issuing.corrections import note_correction, record_content
    from inspect_app.plans.services import complete_tasks_of
    from inspect_app.proceedings.execution import has_open_proceeding

    app.extensions["case_hooks"] = CaseHooks(
        record_content=record_content,
        correct=note_correction,
        answer_guards=(refuse_contradiction,),
        overdue=most_overdue_orders,
        closure_blockers=(has_open_proceeding,),
        on_issue=(complete_tasks_of,),
    )
