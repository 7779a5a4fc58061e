"""Password screening after NIST SP 800-63B: length, a blocklist, no composition rules.

No rule asks for digits, capitals or symbols, and passwords never expire; instead a password is
refused when it is common (zxcvbn's list of 30,000 passwords from public leaks, plus a shipped
list of ones common among Chinese users), repeats or counts through characters, or contains the
username.
"""

from functools import cache
from importlib import resources
from itertools import pairwise

from flask_babel import lazy_gettext as _l
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 10
MAX_LENGTH = 128

TOO_SHORT = _l("Use at least 10 characters.")
TOO_COMMON = _l(
    "This password is too common and easy to guess. "
    "Choose another, for example a few unrelated words."
)
REPETITIVE = _l("This password repeats or counts through characters. Choose another.")
HAS_USERNAME = _l("The password must not contain the username.")


@cache
def common_passwords() -> frozenset[str]:
    shipped = resources.files("inspect_app.auth").joinpath("data/common-passwords-zh.txt")
    lines = shipped.read_text(encoding="utf-8").splitlines()
    ours = {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(FREQUENCY_LISTS["passwords"]) | ours


def password_problem(password: str, username: str = ""):
    """Why this password is refused (a translatable message), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    lowered = password.lower()
    if lowered in common_passwords():
        return TOO_COMMON
    if _is_repetitive(lowered):
        return REPETITIVE
    if len(username) >= 3 and username.lower() in lowered:
        return HAS_USERNAME
    return None


def _is_repetitive(text: str) -> bool:
    """Few distinct characters ('aaaaaaaaaa', 'abababab…') or one straight run ('abcdefghij')."""
    if len(set(text)) < 4:
        return True
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return len(steps) == 1 and steps <= {1, -1}
