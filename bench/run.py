"""Run every benchmark and print its figures against the budgets in the design."""

import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("photo.py",):
    print(f"== {script}")
    runpy.run_path(str(HERE / script), run_name="__main__")
