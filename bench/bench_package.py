"""Package weight and cold start of each deployed function, from ``sam build``'s output (``make build``).

For each function: its code and its layers, unzipped and zipped, the biggest packages in them, and
the time to import its handler module in a fresh Python 3.12 (the Lambda runtime's), as a ratio to
``import boto3`` on the same machine (a machine-independent figure; the goal is init under 1 s on
Lambda, where ``import boto3`` alone takes about 0.3 s).

    .venv/bin/python bench/bench_package.py [--build-dir .aws-sam/build] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("CommonLayer",)
RUNTIME = "3.12"
IMPORT = "import time, sys; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def zipped_bytes(path: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in sorted(path.rglob("*")):
            if f.is_file():
                archive.write(f, f.relative_to(path))
    return buffer.tell()


def biggest(path: Path, count: int = 6) -> str:
    """The largest top-level entries (packages) of a build folder, by unzipped size."""
    sizes = [(tree_bytes(p) if p.is_dir() else p.stat().st_size, p.name) for p in path.iterdir()]
    top = sorted(sizes, reverse=True)[:count]
    return ", ".join(f"{name} {size / 1e6:.1f}" for size, name in top if not name.endswith(".dist-info"))


def python_runtime() -> str:
    """The Lambda runtime's Python through pyenv (``sam build`` needs it too)."""
    env = {**os.environ, "PYENV_VERSION": os.environ.get("SAM_PYENV", "3.12.1")}
    found = subprocess.run(["pyenv", "which", f"python{RUNTIME}"], capture_output=True, text=True, env=env)
    return found.stdout.strip() if found.returncode == 0 else f"python{RUNTIME}"


def import_seconds(python: str, paths: list[Path], module: str, rounds: int) -> float:
    """Median wall time of importing ``module`` in a fresh interpreter with ``paths`` first on sys.path."""
    env = {
        "PYTHONPATH": os.pathsep.join(map(str, paths)),
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_SERVICE_NAME": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.environ["PATH"],
    }
    times = []
    for _ in range(rounds):
        done = subprocess.run(
            [python, "-c", IMPORT.format(module=module)], capture_output=True, text=True, env=env, cwd=paths[0]
        )
        if done.returncode != 0:
            raise RuntimeError(f"importing {module} failed: {done.stderr.strip().splitlines()[-1]}")
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / ".aws-sam" / "build")
    parser.add_argument("--rounds", type=int, default=5, help="fresh interpreters per import measured")
    args = parser.parse_args()
    layer = args.build_dir / LAYERS[0] / "python"
    if not layer.is_dir():
        print(f"no build in {args.build_dir}: run `make build` (sam build) first", file=sys.stderr)
        return 1
    python = python_runtime()
    baseline = import_seconds(python, [layer], "boto3", args.rounds)
    layer_mb, layer_zip = tree_bytes(layer) / 1e6, zipped_bytes(layer) / 1e6
    print(f"CommonLayer: {layer_mb:.1f} MB unzipped, {layer_zip:.1f} MB zipped; biggest (MB): {biggest(layer)}")
    print(f"import boto3 (Python {RUNTIME}, median of {args.rounds}): {baseline * 1000:.0f} ms")
    for code in sorted(p for p in args.build_dir.iterdir() if (p / "app.py").is_file()):
        function = code.name
        code_mb = tree_bytes(code) / 1e6
        seconds = import_seconds(python, [code, layer], "app", args.rounds)
        print(
            f"{function:<28} code {code_mb:6.1f} MB ({zipped_bytes(code) / 1e6:5.1f} MB zipped) + layer = "
            f"{code_mb + layer_mb:6.1f} MB of 250; import {seconds * 1000:5.0f} ms = {seconds / baseline:4.1f}x boto3"
        )
        if code_mb > 1:
            print(f"  {'':<26} biggest (MB): {biggest(code)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
