"""Count the SQL statements a block of code sends, to catch queries that grow with the rows."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

# Bookkeeping that is no query of the page: savepoints and SQLite's connection pragmas.
IGNORED = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "PRAGMA")


class Statements(list):
    """The statements sent, in order; `len()` is their number."""

    def report(self) -> str:
        return "\n".join(f"{n:3}: {s[:200]}" for n, s in enumerate(self, 1))


@contextmanager
def count_statements(engine) -> Iterator[Statements]:
    """Collect every statement the engine sends while the block runs."""
    statements = Statements()

    def collect(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not statement.lstrip().upper().startswith(IGNORED):
            statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)
