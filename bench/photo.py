"""Time process_photo on a synthetic 12 MP phone photo against the 0.3 s budget.

Run: .venv/bin/python bench/photo.py [--runs N]. Reports only; always exits 0.
"""

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageFilter
from PIL.TiffImagePlugin import IFDRational

BUDGET_SECONDS = 0.3
SIZE = (4032, 3024)
IMAGING_PATH = Path(__file__).resolve().parent.parent / "inspect_app/evidence/imaging.py"


def load_imaging() -> ModuleType:
    """Load the imaging module by path, so the Flask app package is never imported."""
    spec = importlib.util.spec_from_file_location("evidence_imaging", IMAGING_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def synthetic_photo() -> Image.Image:
    """Return a 12 MP image with smooth gradients, blotches and sensor-like grain."""
    rng = random.Random(12)
    width, height = SIZE
    blotches = [_noise((width // 64, height // 64), rng).resize(SIZE, Image.Resampling.BICUBIC)]
    grain = _noise((width // 2, height // 2), rng).resize(SIZE).filter(ImageFilter.BoxBlur(1))
    gradient = Image.linear_gradient("L").resize(SIZE)
    channels = [Image.blend(gradient, blotches[0], 0.6), gradient.rotate(90).resize(SIZE), grain]
    scene = Image.merge("RGB", channels)
    return Image.blend(scene, Image.merge("RGB", [grain, blotches[0], gradient]), 0.35)


def _noise(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Return uniform grey noise of the given size."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def phone_exif() -> Image.Exif:
    """Return EXIF as a phone held upright writes it: orientation 6, GPS, capture time."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = "2026:05:10 09:30:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (IFDRational(31), IFDRational(13), IFDRational(486, 10))})
    gps.update({3: "E", 4: (IFDRational(121), IFDRational(28), IFDRational(30))})
    return exif


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    """Return the image encoded in fmt."""
    buffer = BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def measure(
    process: Callable[[bytes], object], data: bytes, runs: int
) -> tuple[list[float], object]:
    """Run process once to warm up, then runs times; return the timings and the last result."""
    result = process(data)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = process(data)
        timings.append(time.perf_counter() - start)
    return timings, result


def row(label: str, data: bytes, timings: list[float], photo: object, verdict: str) -> str:
    """Format one table row."""
    median = statistics.median(timings)
    p90 = statistics.quantiles(timings, n=10, method="inclusive")[-1]
    verdict = verdict or ("ok" if median <= BUDGET_SECONDS else "OVER")
    return (
        f"{label:<6}{len(data) / 1e6:>6.2f} MB{median:>9.3f} s{p90:>9.3f} s  {verdict:<11}"
        f"{len(photo.display) / 1e3:>6.0f} kB{len(photo.thumbnail) / 1e3:>8.1f} kB"
    )


def main() -> int:
    """Synthesise the photos, time them and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = max(2, parser.parse_args().runs)
    imaging = load_imaging()
    photo, exif = synthetic_photo(), phone_exif()
    print(f"{SIZE[0]}x{SIZE[1]} source, {runs} runs after 1 warm-up, {os.cpu_count()} CPUs")
    print(f"format   input       median       p90  budget {BUDGET_SECONDS} s  display  thumbnail")
    jpeg = encode(photo, "JPEG", quality=92, exif=exif)
    print(row("JPEG", jpeg, *measure(imaging.process_photo, jpeg, runs), ""))
    try:
        heic = encode(photo, "HEIF", quality=50, exif=exif)
    except (KeyError, OSError, ValueError, RuntimeError) as exc:
        print(f"HEIC  not measured: pillow-heif cannot encode here ({exc})")
    else:
        print(row("HEIC", heic, *measure(imaging.process_photo, heic, runs), "(JPEG only)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
