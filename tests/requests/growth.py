"""Grow the demo data: copies of its cases (with their subjects, findings, orders, penalties and
inspectors), of its tips and tasks, and of the findings of one case, so a page can be counted
before and after and shown not to send more statements for more rows."""

from sqlalchemy import String, Table, func, insert, select

from inspect_app.extensions import db

CHILDREN = ("case_inspector", "finding", "rectification_order", "penalty")
CLEARED = {"public_token", "client_id", "proceeding_id", "document_id", "certificate_check_id"}
CLEARED |= {"quiz_attempt_id", "verified_by_task_id", "verified_by_case_id"}


def grow(copies: int, case_id: int) -> None:
    """Add `copies` cases (each on a new subject), `copies` tips and findings to one case."""
    tables = db.metadata.tables
    cases = _rows(tables["inspection"], tables["inspection"].c.status != "draft")
    for n in range(copies):
        source = cases[n % len(cases)]
        subject = _copy(tables["subject"], _row(tables["subject"], source["subject_id"]), n)
        case = _copy(tables["inspection"], source | {"subject_id": subject}, n)
        for name in CHILDREN:
            table = tables[name]
            for row in _rows(table, table.c.inspection_id == source["id"]):
                _copy(table, row | {"inspection_id": case}, n)
    for n, tip in enumerate(_rows(tables["tip"]) * copies):
        _copy(tables["tip"], tip, n)
    _grow_tasks(copies)
    finding = tables["finding"]
    for n, row in enumerate(_rows(finding, finding.c.inspection_id == case_id) * 3):
        _copy(finding, row, 1000 + n)
    db.session.commit()


def _grow_tasks(copies: int) -> None:
    """Copies of the tasks, each with its officers (home and task lists show both)."""
    tables = db.metadata.tables
    officers = tables["task_officer"]
    for n, task in enumerate(_rows(tables["task"]) * copies):
        copy = _copy(tables["task"], task | {"inspection_id": None}, n)
        for row in _rows(officers, officers.c.task_id == task["id"]):
            db.session.execute(insert(officers).values(task_id=copy, user_id=row["user_id"]))


def _rows(table: Table, *where) -> list[dict]:
    return [dict(row) for row in db.session.execute(select(table).where(*where)).mappings()]


def _row(table: Table, row_id: int) -> dict:
    return _rows(table, table.c.id == row_id)[0]


def _copy(table: Table, row: dict, n: int) -> int:
    """Insert a copy under the next id, its unique values made unique; returns the new id."""
    new_id = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
    row = dict(row, id=new_id)
    for column in table.columns:
        if column.name in CLEARED and column.nullable:
            row[column.name] = None
        elif _unique(table, column) and row.get(column.name) is not None:
            length = column.type.length if isinstance(column.type, String) else None
            row[column.name] = f"{n}g{new_id}{row[column.name]}"[: length or None]
    db.session.execute(insert(table).values(**row))
    return new_id


def _unique(table: Table, column) -> bool:
    if column.unique:
        return True
    return any(
        getattr(c, "columns", None) is not None
        and list(c.columns) == [column]
        and type(c).__name__ == "UniqueConstraint"
        for c in table.constraints
    )
