"""Typed loader for the reviewed check catalogs and the legal-basis (penalty) catalog.

Layout under the package directory (or any ``root`` passed in, e.g. a test's tmp_path):
``legal_bases.toml`` and ``campaigns/<campaign>/campaign.toml`` plus ``<kind>.v<N>.toml``.

Versioning rule: a published version file is never edited; a change is a new file
``<kind>.v2.toml``. An inspection keeps (campaign, kind, version), so old cases load the old file.
Every file is validated on load; any problem raises CatalogError. Loads are cached.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

ROOT = Path(__file__).parent
KINDS = ("production_unit", "training_institution", "exam_site")
PARTIES = ("unit", "person")
MEASURES = frozenset(("order_correction", "suspension", "police_referral", "market_referral"))
MEASURES |= {"exam_qualification_suspension", "exam_qualification_revocation"}
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # bounded: a long name is no file name
# Annotation (a string, see the __future__ import) → the TOML type that field must have.
_TYPES = {"str": str, "str | None": str, "int | None": int, "bool": bool, "date": date}
_TYPES["tuple[str, ...]"] = list


class CatalogError(ValueError):
    """An unknown or malformed catalog, campaign, version or legal basis."""


class _Bilingual:
    """Mixin picking the zh or en variant of a field by locale."""

    def _pick(self, stem: str, locale: str | None) -> str:
        """English for a locale starting with "en", else Chinese."""
        english = (locale or "").lower().startswith("en")
        return getattr(self, f"{stem}_{'en' if english else 'zh'}")


@dataclass(frozen=True)
class CheckItem(_Bilingual):
    """One check of a catalog."""

    code: str
    text_zh: str
    text_en: str
    guidance_zh: str
    guidance_en: str
    basis: tuple[str, ...]
    self_check_item: int | None = None
    high_risk_only: bool = False

    def text(self, locale: str) -> str:
        """The item's text in the locale."""
        return self._pick("text", locale)

    def guidance(self, locale: str) -> str:
        """What the inspector should look at or ask for, in the locale."""
        return self._pick("guidance", locale)


@dataclass(frozen=True)
class Catalog:
    """One version of the checks for one subject kind in one campaign."""

    campaign: str
    kind: str
    version: int
    items: tuple[CheckItem, ...]

    def items_for(self, high_risk: bool) -> tuple[CheckItem, ...]:
        """The items that apply, dropping high-risk-only items for other subjects."""
        return tuple(i for i in self.items if high_risk or not i.high_risk_only)

    def item(self, code: str) -> CheckItem:
        """The item with this code (CatalogError if none)."""
        found = [i for i in self.items if i.code == code]
        if not found:
            raise CatalogError(f"{self.campaign}/{self.kind}.v{self.version}: no item {code!r}")
        return found[0]


@dataclass(frozen=True)
class Phase(_Bilingual):
    """A dated phase of a campaign."""

    code: str
    name_zh: str
    name_en: str
    starts_on: date
    ends_on: date

    def name(self, locale: str) -> str:
        """The phase name in the locale."""
        return self._pick("name", locale)


@dataclass(frozen=True)
class Campaign(_Bilingual):
    """A campaign (专项整治) with its phases."""

    code: str
    name_zh: str
    name_en: str
    starts_on: date
    ends_on: date
    phases: tuple[Phase, ...]

    def name(self, locale: str) -> str:
        """The campaign name in the locale."""
        return self._pick("name", locale)


@dataclass(frozen=True)
class LegalBasis:
    """A penalty basis: fine ranges in whole yuan, measures, and the entry if not corrected."""

    code: str
    law_zh: str
    law_en: str
    article: str
    summary_zh: str
    summary_en: str
    unit_min: int | None = None
    unit_max: int | None = None
    person_min: int | None = None
    person_max: int | None = None
    measures: tuple[str, ...] = ()
    escalation: str | None = None

    def range_for(self, party: str) -> tuple[int, int] | None:
        """The (min, max) fine for "unit" or "person", or None when the article sets none."""
        if party not in PARTIES:
            raise CatalogError(f"unknown party {party!r}")
        low, high = getattr(self, f"{party}_min"), getattr(self, f"{party}_max")
        return None if low is None else (low, high)


def _read(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning every failure into CatalogError."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"cannot read {path}: {exc}") from exc


def _get(data: Any, key: str, typ: type, where: str, required: bool = True) -> Any:
    """A typed, non-empty field; bools never pass as ints, datetimes never as dates."""
    if not isinstance(data, dict) or (required and key not in data):
        raise CatalogError(f"{where}: missing {key!r}")
    value = data.get(key)
    if value is None:
        return None
    wrong = isinstance(value, bool) is not (typ is bool) or isinstance(value, datetime)
    if wrong or not isinstance(value, typ) or (isinstance(value, str) and not value.strip()):
        raise CatalogError(f"{where}: {key!r} is empty or not a {typ.__name__}")
    return value


def _build(cls: type, row: Any, where: str, **given: Any) -> Any:
    """A dataclass from a TOML table; fields without a default are required."""
    where = f"{where} {row.get('code', '?') if isinstance(row, dict) else '?'}"
    values = dict(given)
    for f in fields(cls):
        if f.name not in values:
            value = _get(row, f.name, _TYPES[f.type], where, f.default is MISSING)
            if isinstance(value, list) and not all(isinstance(v, str) for v in value):
                raise CatalogError(f"{where}: {f.name!r} must list strings")
            if value is not None:
                values[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


def _unique(codes: list[str], where: str) -> None:
    """Reject duplicate codes."""
    if dupes := sorted({c for c in codes if codes.count(c) > 1}):
        raise CatalogError(f"{where}: duplicate codes {dupes}")


def _check_basis(b: LegalBasis, where: str) -> None:
    """Ranges come in pairs with 0 ≤ min ≤ max; measures are known."""
    for p in PARTIES:
        low, high = getattr(b, f"{p}_min"), getattr(b, f"{p}_max")
        if (low is None) != (high is None) or (low is not None and not 0 <= low <= high):
            raise CatalogError(f"{where} {b.code}: bad {p} range {low}..{high}")
    if unknown := set(b.measures) - MEASURES:
        raise CatalogError(f"{where} {b.code}: unknown measures {sorted(unknown)}")


@lru_cache(maxsize=8)
def _legal_bases(root: Path) -> MappingProxyType[str, LegalBasis]:
    """All legal bases by code, validated and cached read-only."""
    path = Path(root) / "legal_bases.toml"
    bases = [_build(LegalBasis, r, str(path)) for r in _get(_read(path), "basis", list, str(path))]
    _unique([b.code for b in bases], str(path))
    for b in bases:
        _check_basis(b, str(path))
        if b.escalation not in (None, *(x.code for x in bases)):
            raise CatalogError(f"{path}: {b.code} escalates to unknown {b.escalation!r}")
    return MappingProxyType({b.code: b for b in bases})


def load_legal_bases(root: Path = ROOT) -> dict[str, LegalBasis]:
    """All legal bases by code (a fresh dict; the cache stays untouched)."""
    return dict(_legal_bases(root))


def legal_basis(code: str, root: Path = ROOT) -> LegalBasis:
    """One legal basis by code."""
    if code not in (bases := _legal_bases(root)):
        raise CatalogError(f"unknown legal basis {code!r}")
    return bases[code]


@lru_cache(maxsize=8)
def _simple_limits(root: Path) -> tuple[tuple[str, int], ...]:
    """The simple-procedure limits as cached (party, max) pairs."""
    path = Path(root) / "legal_bases.toml"
    table = _get(_read(path), "simple_procedure", dict, str(path))
    return tuple((p, _get(table, f"{p}_max", int, f"{path} simple_procedure")) for p in PARTIES)


def simple_procedure_limits(root: Path = ROOT) -> dict[str, int]:
    """Largest on-the-spot fine by party: {"unit": 3000, "person": 200} (行政处罚法 Art. 51)."""
    return dict(_simple_limits(root))


def _campaign_dir(code: str, root: Path) -> Path:
    """The directory of a known campaign."""
    path = Path(root) / "campaigns" / code
    if not _CODE_RE.match(code) or not (path / "campaign.toml").is_file():
        raise CatalogError(f"unknown campaign {code!r}")
    return path


@lru_cache(maxsize=8)
def load_campaign(code: str, root: Path = ROOT) -> Campaign:
    """A campaign and its phases."""
    where = str(path := _campaign_dir(code, root) / "campaign.toml")
    data = _read(path)
    phases = tuple(_build(Phase, p, where) for p in _get(data, "phase", list, where))
    campaign = _build(Campaign, data, where, phases=phases)
    _unique([p.code for p in phases], where)
    if campaign.code != code or any(p.starts_on > p.ends_on for p in (campaign, *phases)):
        raise CatalogError(f"{where}: code differs from folder, or a period ends before it starts")
    return campaign


def _versions(campaign: str, kind: str, root: Path) -> dict[int, Path]:
    """Version number → file for one campaign and kind."""
    if kind not in KINDS:
        raise CatalogError(f"unknown kind {kind!r}")
    pattern = re.compile(rf"^{kind}\.v([1-9][0-9]*)\.toml$")
    folder = _campaign_dir(campaign, root)
    if not (found := {int(m[1]): p for p in folder.iterdir() if (m := pattern.match(p.name))}):
        raise CatalogError(f"no {kind} catalog in campaign {campaign!r}")
    return found


def latest_version(campaign: str, kind: str, root: Path = ROOT) -> int:
    """The highest catalog version present."""
    return max(_versions(campaign, kind, root))


@lru_cache(maxsize=32)
def load_catalog(
    campaign: str, kind: str, version: int | None = None, root: Path = ROOT
) -> Catalog:
    """One catalog version (None → the latest), validated against the legal bases."""
    versions = _versions(campaign, kind, root)
    if (version := max(versions) if version is None else version) not in versions:
        raise CatalogError(f"no version {version} of {campaign}/{kind}")
    where = str(path := versions[version])
    data, known = _read(path), _legal_bases(root)
    header = (data.get("campaign"), data.get("kind"), _get(data, "version", int, where))
    if header != (campaign, kind, version) or not _get(data, "made_on", date, where):
        raise CatalogError(f"{where}: header {header} does not match the file name")
    items = tuple(_build(CheckItem, row, where) for row in _get(data, "item", list, where))
    _unique([i.code for i in items], where)
    for i in items:
        if not i.basis or not set(i.basis) <= known.keys():
            raise CatalogError(f"{where} {i.code}: unknown basis in {list(i.basis)}")
        if i.self_check_item not in (None, *range(1, 7)):
            raise CatalogError(f"{where} {i.code}: self_check_item not within 1–6")
    return Catalog(campaign=campaign, kind=kind, version=version, items=items)


def campaign_codes(root: Path = ROOT) -> list[str]:
    """The codes of every campaign on file, sorted."""
    folder = Path(root) / "campaigns"
    return sorted(p.name for p in folder.iterdir() if (p / "campaign.toml").is_file())
