"""The draw's record for publication (一公开): lists, hashes, seed, algorithm and result, as PDF.

Only subjects' names and officers' names appear: no accounts, certificate numbers, contacts.
"""

from dataclasses import dataclass

from flask import render_template

from inspect_app.pdf import STATIC_ROOT, LockedFetcher, render_document
from inspect_app.plans.models import Draw

STYLESHEET = STATIC_ROOT / "css" / "report.css"


@dataclass(frozen=True)
class DrawnTask:
    subject: str
    officers: tuple[str, ...]
    mandatory: bool


@dataclass(frozen=True)
class DrawRecord:
    """Everything the published record shows, by name."""

    draw: Draw
    subjects: tuple[tuple[int, str], ...]
    officers: tuple[tuple[int, str], ...]
    conflicts: tuple[tuple[str, str], ...]
    tasks: tuple[DrawnTask, ...]


def draw_record(draw: Draw) -> DrawRecord:
    """The published view of a draw, built from its stored lists only."""
    subjects = {s[0]: s[1] for s in draw.subjects}
    officers = {o[0]: o[1] for o in draw.officers}
    mandatory = set(draw.mandatory)
    tasks = tuple(
        DrawnTask(
            subjects[row["subject"]],
            tuple(officers[o] for o in row["officers"]),
            row["subject"] in mandatory,
        )
        for row in draw.result
    )
    conflicts = tuple((subjects[s], officers[o]) for s, o in draw.conflicts)
    return DrawRecord(
        draw=draw,
        subjects=tuple((sid, name) for sid, name in draw.subjects),
        officers=tuple((oid, name) for oid, name in draw.officers),
        conflicts=conflicts,
        tasks=tasks,
    )


def draw_pdf(draw: Draw) -> bytes:
    """A4 PDF of the draw record through the records' renderer and locked fetcher."""
    html = render_template("plans/draw_pdf.html", record=draw_record(draw))
    return render_document(html, STYLESHEET, LockedFetcher()).data
