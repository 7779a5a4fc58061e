"""Write instance/config.py with a random SECRET_KEY, once. Never overwrites."""

import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else "instance/config.py")
if path.exists():
    sys.exit(0)
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(
    "# Local settings and secrets for this installation. Not under version control.\n"
    f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n"
    "# PUBLIC_BASE_URL = 'https://inspect.example.gov.cn'  # the address enterprises can reach\n"
    "# DATABASE_URL is read from the environment; SQLite in instance/ is the default.\n",
    encoding="utf-8",
)
path.chmod(0o600)
print(f"created {path} with a new SECRET_KEY")
