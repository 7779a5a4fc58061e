"""Time the enforcement documents against a bare WeasyPrint page rendered in the same run.

Builds the standard case of record.py (issued), walks a penalty proceeding from filing to
closing through the services (filing approval, notice, decision, service receipt, closing
approval: each rendered once in two editions where the unit receives it), then times:
- a bare one-line WeasyPrint page (the baseline);
- one decision document re-rendered from its frozen content (full edition);
- the case file (案卷) PDF of the closed proceeding, and its ZIP of stored originals.

Run: .venv/bin/python bench/documents.py [--runs N]. Reports only; always exits 0.
"""

import argparse
import runpy
import statistics
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BARE_PAGE = "<!doctype html><html lang='zh-CN'><body><p>行政处罚决定书</p></body></html>"


def median_s(fn, runs: int) -> float:
    fn()  # warm: fonts, templates, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def walk(case):
    """A proceeding from filing to closing, through the services the pages use."""
    from inspect_app.auth.services import create_user
    from inspect_app.demo.proceedings import Walk, walk_proceeding
    from inspect_app.extensions import db

    lead = case.inspectors[0].user
    head = create_user("bench-head", "bench-password-1", "supervisor", case.region, "周敏", None)
    start = time.perf_counter()
    proceeding = walk_proceeding(case, lead, head, Walk("SAFL-97-3", 20000))
    db.session.commit()
    return proceeding, time.perf_counter() - start


def zip_bytes(case, proceeding) -> int:
    from inspect_app.dossier import archive

    entries = archive.archive_entries(case, proceeding)
    listing = archive.manifest(case, proceeding, entries)
    return sum(len(chunk) for chunk in archive.stream_zip(entries, listing))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = max(2, parser.parse_args().runs)
    record = runpy.run_path(str(HERE / "record.py"))
    app = record["make_app"]()
    with app.app_context():
        from inspect_app.documents.models import DocumentKind
        from inspect_app.documents.services import proceeding_documents, render_document_pdf
        from inspect_app.dossier.services import dossier_pdf
        from inspect_app.extensions import db
        from inspect_app.pdf import render_document

        db.create_all()
        case = record["build_case"]()
        proceeding, walked = walk(case)
        documents = proceeding_documents(proceeding.id)
        decision = next(d for d in documents if d.kind == DocumentKind.DECISION)
        bare = median_s(lambda: render_document(BARE_PAGE), runs)
        one = median_s(lambda: render_document_pdf(case, decision, public=False), runs)
        dossier = median_s(lambda: dossier_pdf(case, proceeding), runs)
        archive = median_s(lambda: zip_bytes(case, proceeding), runs)
        size = len(dossier_pdf(case, proceeding))
    print(f"proceeding walked from filing to closing: {len(documents)} documents in {walked:.2f} s")
    print(f"bare WeasyPrint page (baseline)   median {bare * 1000:7.1f} ms")
    print(f"decision document, full edition   median {one * 1000:7.1f} ms  ({one / bare:.1f}×)")
    print(f"case file PDF (案卷), {size / 1e6:.2f} MB  median {dossier * 1000:7.1f} ms")
    print(f"case file ZIP of the originals    median {archive * 1000:7.1f} ms")


if __name__ == "__main__":
    # No sys.exit: bench/run.py runs the scripts in one process, and SystemExit would end it.
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
