"""The penalty procedure's time limits and thresholds (procedure.toml), typed and cached."""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).parent


@dataclass(frozen=True)
class ProcedureRules:
    statement_days: int
    hearing_request_days: int
    hearing_person_min: int
    hearing_unit_min: int
    hearing_measures: tuple[str, ...]
    major_person_min: int
    major_unit_min: int
    major_measures: tuple[str, ...]
    decision_days: int
    service_days: int
    payment_days: int
    late_rate_per_day_percent: int
    extension_advice_days: int

    def hearing_right(self, party: str, fine_yuan: int, measures: list[str] | tuple) -> bool:
        """The intended penalty reaches 较大数额 or includes a measure with a hearing right."""
        floor = self.hearing_unit_min if party == "unit" else self.hearing_person_min
        return fine_yuan >= floor or bool(set(measures) & set(self.hearing_measures))

    def is_major(self, party: str, fine_yuan: int, measures: list[str] | tuple) -> bool:
        """The case needs the heads' collective discussion before the decision."""
        floor = self.major_unit_min if party == "unit" else self.major_person_min
        return fine_yuan >= floor or bool(set(measures) & set(self.major_measures))


@lru_cache(maxsize=4)
def procedure_rules(root: Path = ROOT) -> ProcedureRules:
    """The rules of this deployment (procedure.toml beside the catalogs)."""
    with open(Path(root) / "procedure.toml", "rb") as handle:
        data = tomllib.load(handle)
    for name in ("hearing_measures", "major_measures"):
        data[name] = tuple(data[name])
    return ProcedureRules(**data)
