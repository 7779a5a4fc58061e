"""Time the issued-record PDF of a standard case against the budget (≤ 0.6 s warm, ≤ 3 MB).

The standard case: a high-risk production unit, whose catalog has 8 check items, plus 2
certificate spot checks, so 10 checked items in the record's tables (no catalog has 10 items of
its own); 2 findings, 1 rectification order, 1 penalty, 3 signatures and 6 photos. The photos are
synthetic 12 MP phone pictures downscaled to 2560 px as the upload script does (JPEG 0.85), then
stored through the evidence service (display copy 1600 px), so the record derives its print
copies (1000 px) from the same display copies as in production.

Run: .venv/bin/python bench/record.py [--runs N]. Reports only; always exits 0.
"""

import argparse
import os
import runpy
import statistics
import sys
import tempfile
import time
import traceback
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BUDGET_SECONDS = 0.6
BUDGET_BYTES = 3_000_000
PHOTOS = 6
UPLOAD_SIDE = 2560


def make_app():
    """The app on a throwaway SQLite database and storage folder."""
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-record-")
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "STORAGE_DIR": f"{folder}/storage",
            "PUBLIC_BASE_URL": "https://inspect.example.gov.cn",
        }
    )


def phone_photos(count: int) -> list[bytes]:
    """12 MP synthetic phone photos, each shifted so their bytes differ, as uploaded."""
    from PIL import Image, ImageChops

    base = runpy.run_path(str(HERE / "photo.py"))["synthetic_photo"]()
    scale = UPLOAD_SIDE / max(base.size)
    size = (round(base.width * scale), round(base.height * scale))
    photos = []
    for n in range(count):
        shifted = ImageChops.offset(base, n * 397, n * 211).resize(size, Image.Resampling.BILINEAR)
        out = BytesIO()
        shifted.save(out, "JPEG", quality=85)
        photos.append(out.getvalue())
    return photos


def build_case():
    """The standard case, issued (which renders and stores revision 1 once)."""
    from inspect_app.auth.services import create_user
    from inspect_app.extensions import db
    from inspect_app.inspections.services import open_inspection
    from inspect_app.issuing.services import issue_record
    from inspect_app.regions.services import create_region
    from inspect_app.subjects.services import save_subject

    town = create_region("BT", "洋口镇")
    users = [
        create_user(f"bench{n}", "bench-password-1", "inspector", town, name, cert)
        for n, (name, cert) in enumerate((("王建军", "32060012345"), ("李珺", "32060012346")))
    ]
    subject = save_subject(None, _subject_fields(town.id))
    case = open_inspection(
        subject,
        users[0],
        users,
        started_at=datetime(2026, 5, 12, 1, 30, tzinfo=UTC),
        place="如东县洋口镇化工园区 8 号 生产车间",
        representative_name="顾建国",
        representative_position="主要负责人",
    )
    db.session.commit()
    _fill(case, users[0])
    issue_record(case, users[0])
    db.session.commit()
    return case


def _subject_fields(region_id: int) -> dict:
    from stdnum.cn import uscc

    body = "91320623MA1XYW120"  # 17 characters; the 18th is the check character
    return {
        "kind": "production_unit",
        "name": "如东洋口精细化工有限公司",
        "uscc": body + uscc.calc_check_digit(body),
        "industry": "hazardous_chemicals",
        "high_risk": True,
        "region_id": region_id,
        "address": "江苏省南通市如东县洋口镇化工园区纬三路 8 号",
    }


def _fill(case, user) -> None:
    """Answers, photos, spot checks, findings, an order, a penalty and every signature."""
    from inspect_app.evidence.services import store_photo
    from inspect_app.extensions import db
    from inspect_app.findings.services import issue_order, record_finding
    from inspect_app.inspections.services import answer_item, checklist_items, required_signers
    from inspect_app.penalties.services import impose_penalty
    from inspect_app.signatures.services import record_signature

    bad = {"PU-3": "三级安全教育记录不全", "PU-4": "签到表 32 人，培训照片仅 18 人"}
    for item in checklist_items(case):
        answer_item(
            case,
            item.code,
            "non_compliant" if item.code in bad else "compliant",
            bad.get(item.code, ""),
            user,
        )
    photos = [
        store_photo(
            case,
            user,
            data,
            kind="sign_in_sheet" if n == 0 else "training_photo",
            caption=f"三级安全教育培训现场 {n + 1}",
            item_code="PU-4",
            idempotency_key=f"bench-photo-{n:04d}",
        )[0]
        for n, data in enumerate(phone_photos(PHOTOS))
    ]
    _spot_checks(case, user)
    first = record_finding(
        case,
        user,
        "签到表 32 人，培训照片中仅 18 人，签到表疑似代签。",
        "PU-4",
        photo_ids=[p.id for p in photos[:3]],
    )
    second = record_finding(case, user, "三级安全教育卡记载 72 学时培训均在同一天完成。", "PU-3")
    issue_order(
        case, user, [first.id, second.id], "重新组织三级安全教育培训并如实建档。", date(2026, 6, 12)
    )
    impose_penalty(
        case,
        user,
        party="unit",
        person_name=None,
        violation="未如实记录安全生产教育和培训情况。",
        basis_code="SAFL-97-4",
        fine_yuan=20000,
        decision_no="",
        decision_date=None,
        measures=["order_correction"],
    )
    for key, _name in required_signers(case):
        record_signature(case, user, key, _signature_png())
    db.session.commit()


def _spot_checks(case, user) -> None:
    from inspect_app.spotchecks.services import record_certificate_check
    from inspect_app.subjects.services import save_certificate, save_person

    for name, number in (("张小三", "320623198005170417"), ("欧阳喆", "T320623199001010011")):
        person = save_person(case.subject, None, {"name": name, "position": "special_operator"})
        certificate = save_certificate(
            person,
            None,
            {"kind": "hazardous_chemicals", "number": number, "issued_on": date(2024, 3, 1)},
        )
        record_certificate_check(
            case, user, person, certificate.id, True, True, True, "", None, None
        )


def _signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 200), "white")
    ImageDraw.Draw(image).line([(40, 150), (120, 50), (220, 140), (330, 60), (520, 130)], width=6)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def measure(case, runs: int) -> dict:
    """Render the issued revision once more to warm up, then `runs` times; then once with the
    print copies of the photos not yet cached (as when a case is issued without a preview)."""
    from inspect_app.records import images
    from inspect_app.records.services import render_record

    pdf = render_record(case)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_record(case)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    images._cached_print_copy.cache_clear()
    start = time.perf_counter()
    render_record(case)
    return {"wall": wall, "cpu": cpu, "cold": time.perf_counter() - start, "pdf": pdf}


def report(figures: dict, stored, runs: int) -> None:
    wall = figures["wall"]
    median = statistics.median(wall)
    p90 = statistics.quantiles(wall, n=10, method="inclusive")[-1]
    verdict = "ok" if median <= BUDGET_SECONDS else "OVER"
    size_verdict = "ok" if stored.size_bytes <= BUDGET_BYTES else "OVER"
    print(
        f"10 items (8 checklist + 2 spot checks), {PHOTOS} photos, {runs} warm runs, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"render  median {median:.3f} s  p90 {p90:.3f} s  budget {BUDGET_SECONDS} s  {verdict}"
        f"  (CPU median {statistics.median(figures['cpu']):.3f} s)"
    )
    print(f"        photos' print copies not cached yet: {figures['cold']:.3f} s")
    print(
        f"size    {stored.size_bytes / 1e6:.2f} MB, {stored.pages} pages  budget "
        f"{BUDGET_BYTES / 1e6:.0f} MB  {size_verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = max(2, parser.parse_args().runs)
    app = make_app()
    with app.app_context():
        from inspect_app.extensions import db
        from inspect_app.records.services import record_file

        db.create_all()
        start = time.perf_counter()
        case = build_case()
        stored = record_file(case)
        print(f"case built and issued in {time.perf_counter() - start:.1f} s (first render, cold)")
        figures = measure(case, runs)
    report(figures, stored, runs)
    return 0


if __name__ == "__main__":
    # No sys.exit: bench/run.py runs the scripts in one process, and SystemExit would end it.
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("record bench failed (see above)")
