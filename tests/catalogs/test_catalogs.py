"""Check catalogs and legal bases: the reviewed data and the loader's validation."""

import re
import shutil
from datetime import date

import pytest

from inspect_app import catalogs as c
from inspect_app.catalogs import CatalogError

CAMPAIGN = "training-formality-2021"
EXPECTED = {
    "production_unit": [f"PU-{n}" for n in range(1, 9)],
    "training_institution": [f"TI-{n}" for n in range(1, 5)],
    "exam_site": [f"EX-{n}" for n in range(1, 7)],
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def all_items():
    """Every item of every kind's latest catalog."""
    return [i for kind in c.KINDS for i in c.load_catalog(CAMPAIGN, kind).items]


@pytest.fixture
def tree(tmp_path):
    """A writable copy of the shipped TOML files."""
    root = tmp_path / "catalogs"
    shutil.copytree(c.ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def pu_file(root):
    """The production-unit v1 file inside a copied tree."""
    return root / "campaigns" / CAMPAIGN / "production_unit.v1.toml"


def test_kinds_are_exactly_the_three_subject_kinds():
    assert c.KINDS == ("production_unit", "training_institution", "exam_site")


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_has_exactly_the_expected_codes_in_order(kind):
    catalog = c.load_catalog(CAMPAIGN, kind)
    assert [i.code for i in catalog.items] == EXPECTED[kind]
    assert (catalog.campaign, catalog.kind, catalog.version) == (CAMPAIGN, kind, 1)
    assert c.latest_version(CAMPAIGN, kind) == 1
    assert c.load_catalog(CAMPAIGN, kind, 1) == catalog


def test_pu7_is_the_only_high_risk_item_and_is_dropped_for_other_units():
    catalog = c.load_catalog(CAMPAIGN, "production_unit")
    assert [i.code for i in all_items() if i.high_risk_only] == ["PU-7"]
    assert [i.code for i in catalog.items_for(high_risk=False)] == [
        "PU-1", "PU-2", "PU-3", "PU-4", "PU-5", "PU-6", "PU-8",
    ]  # fmt: skip
    assert [i.code for i in catalog.items_for(high_risk=True)] == EXPECTED["production_unit"]


def test_self_check_items_follow_the_town_form():
    numbers = {i.code: i.self_check_item for i in all_items()}
    assert [numbers[f"PU-{n}"] for n in range(1, 7)] == [1, 2, 3, 4, 5, 6]
    assert {code for code, n in numbers.items() if n is not None} == {
        f"PU-{n}" for n in range(1, 7)
    }


def test_every_item_has_zh_and_en_text_and_guidance():
    for item in all_items():
        assert CJK.search(item.text_zh) and CJK.search(item.guidance_zh), item.code
        assert item.text_en.strip() and item.guidance_en.strip(), item.code
        assert not CJK.search(item.text_en + item.guidance_en), item.code
        assert item.text("en-US") == item.text_en and item.text("zh-CN") == item.text_zh
        assert item.guidance("en") == item.guidance_en and item.guidance("") == item.guidance_zh


def test_every_referenced_basis_exists():
    bases = c.load_legal_bases()
    for item in all_items():
        assert item.basis, item.code
        assert set(item.basis) <= bases.keys(), item.code


def test_every_legal_basis_has_whole_yuan_ranges_with_min_not_above_max():
    for basis in c.load_legal_bases().values():
        for party in ("unit", "person"):
            fine = basis.range_for(party)
            if fine is not None:
                low, high = fine
                assert type(low) is int and type(high) is int, basis.code
                assert 0 <= low <= high, basis.code
        assert set(basis.measures) <= c.MEASURES, basis.code
        assert basis.escalation is None or c.legal_basis(basis.escalation), basis.code


@pytest.mark.parametrize("code", ["SAFL-97-2", "SAFL-97-3", "SAFL-97-4", "SAFL-97-7"])
def test_art_97_unit_max_is_100000_and_escalates_when_not_corrected(code):
    basis = c.legal_basis(code)
    assert basis.range_for("unit") == (0, 100000)
    assert basis.range_for("person") is None
    assert "order_correction" in basis.measures
    overdue = c.legal_basis(basis.escalation)
    assert overdue.range_for("unit") == (100000, 200000)
    assert overdue.range_for("person") == (20000, 50000)
    assert "suspension" in overdue.measures


def test_key_ranges_match_the_reference_table():
    assert c.legal_basis("TR-29").range_for("unit") == (10000, 30000)
    assert c.legal_basis("SAFL-94").range_for("person") == (20000, 50000)
    assert c.legal_basis("SAFL-94-OVERDUE").range_for("person") == (50000, 100000)
    assert c.legal_basis("SAFL-93").range_for("unit") is None
    assert c.legal_basis("SAFL-93-OVERDUE").measures == ("suspension",)
    refused = c.legal_basis(c.legal_basis("SAFL-108").escalation)
    assert (refused.range_for("unit"), refused.range_for("person")) == (
        (20000, 200000),
        (10000, 20000),
    )
    assert c.legal_basis("SOR-41-1").range_for("person") == (1000, 5000)
    assert c.legal_basis("SOR-41-2").range_for("person") == (2000, 10000)
    assert c.legal_basis("SOR-39").range_for("unit") == (0, 50000)
    assert "exam_qualification_revocation" in c.legal_basis("N274-EXAM").measures


def test_simple_procedure_limits():
    assert c.simple_procedure_limits() == {"unit": 3000, "person": 200}


def test_range_for_rejects_an_unknown_party():
    with pytest.raises(CatalogError):
        c.legal_basis("TR-29").range_for("company")


def test_returned_dicts_do_not_touch_the_cache():
    c.load_legal_bases().clear()
    c.simple_procedure_limits()["unit"] = 10**9
    assert "TR-29" in c.load_legal_bases()
    assert c.simple_procedure_limits()["unit"] == 3000


def test_campaign_dates_and_phases():
    campaign = c.load_campaign(CAMPAIGN)
    assert (campaign.starts_on, campaign.ends_on) == (date(2021, 11, 1), date(2022, 10, 31))
    assert campaign.name("zh").startswith("安全生产培训")
    assert [p.name("zh") for p in campaign.phases] == [
        "自查自改",
        "执法检查",
        "督导互查",
        "总结提升",
    ]
    assert all(p.name("en") and not CJK.search(p.name("en")) for p in campaign.phases)
    assert campaign.phases[0].starts_on == campaign.starts_on
    assert campaign.phases[-1].ends_on == campaign.ends_on
    for before, after in zip(campaign.phases, campaign.phases[1:], strict=False):
        assert before.ends_on < after.starts_on


@pytest.mark.parametrize(
    ("campaign", "kind", "version"),
    [
        (CAMPAIGN, "production_unit", 2),
        (CAMPAIGN, "production_unit", 0),
        (CAMPAIGN, "factory", None),
        ("no-such-campaign", "production_unit", None),
        ("../catalogs", "production_unit", None),
    ],
)
def test_unknown_campaign_kind_or_version_raises(campaign, kind, version):
    with pytest.raises(CatalogError):
        c.load_catalog(campaign, kind, version)


def test_unknown_legal_basis_raises_a_value_error():
    with pytest.raises(ValueError):
        c.legal_basis("SAFL-999")


def test_copied_tree_loads(tree):
    catalog = c.load_catalog(CAMPAIGN, "exam_site", root=tree)
    assert [i.code for i in catalog.items] == EXPECTED["exam_site"]


def test_duplicate_item_code_raises(tree):
    path = pu_file(tree)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('code = "PU-2"', 'code = "PU-1"'), encoding="utf-8")
    with pytest.raises(CatalogError, match="duplicate codes"):
        c.load_catalog(CAMPAIGN, "production_unit", root=tree)


def test_unknown_basis_raises(tree):
    path = pu_file(tree)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"SAFL-94", "TR-29"', '"SAFL-94", "NOPE-1"'), encoding="utf-8")
    with pytest.raises(CatalogError, match="unknown basis"):
        c.load_catalog(CAMPAIGN, "production_unit", root=tree)


def test_missing_field_raises(tree):
    path = pu_file(tree)
    lines = path.read_text(encoding="utf-8").splitlines()
    first_en = next(n for n, line in enumerate(lines) if line.startswith("text_en"))
    path.write_text("\n".join(lines[:first_en] + lines[first_en + 1 :]), encoding="utf-8")
    with pytest.raises(CatalogError, match="text_en"):
        c.load_catalog(CAMPAIGN, "production_unit", root=tree)


def test_min_above_max_raises(tree):
    path = tree / "legal_bases.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("unit_min = 10000\nunit_max = 30000", "unit_min = 30001\nunit_max = 30000", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="bad unit range"):
        c.load_legal_bases(root=tree)


def test_duplicate_legal_basis_raises(tree):
    path = tree / "legal_bases.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('code = "SAFL-97-3"', 'code = "SAFL-97-2"'), encoding="utf-8")
    with pytest.raises(CatalogError, match="duplicate codes"):
        c.load_legal_bases(root=tree)


def test_a_new_version_is_a_new_file_and_old_versions_still_load(tree):
    old = pu_file(tree)
    new = old.with_name("production_unit.v2.toml")
    text = old.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1)
    new.write_text(text.replace("annual safety training plan", "yearly plan"), encoding="utf-8")
    assert c.latest_version(CAMPAIGN, "production_unit", root=tree) == 2
    assert c.load_catalog(CAMPAIGN, "production_unit", root=tree).version == 2
    v1 = c.load_catalog(CAMPAIGN, "production_unit", 1, root=tree)
    assert "annual safety training plan" in v1.item("PU-1").text_en


def test_version_in_file_must_match_its_name(tree):
    old = pu_file(tree)
    old.with_name("production_unit.v3.toml").write_text(old.read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(CatalogError, match="does not match the file name"):
        c.load_catalog(CAMPAIGN, "production_unit", 3, root=tree)
