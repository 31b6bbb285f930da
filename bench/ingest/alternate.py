"""Two versions of the code timed in turns, each in a child process of its own (the A/B benches' common part).

A child is the calling script run again with ``--child --n N`` and ``PYTHONPATH`` naming one version's
``src`` first; it prints its timings as one JSON object on its last line. The versions take turns,
their order swapped every round, so a machine that gets busier during the run slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_child(script: str, src: Path, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}"}
    out = subprocess.run([sys.executable, script, "--child", "--n", str(n)], env=env, check=True,
                         capture_output=True, text=True).stdout
    found: dict[str, float] = json.loads(out.splitlines()[-1])
    return found


def alternating(script: str, versions: dict[str, Path], rounds: int, n: int) -> dict[str, list[dict[str, float]]]:
    """Each version's child timings, one per round."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for k in range(rounds):
        for name in (list(versions) if k % 2 == 0 else list(reversed(versions))):
            runs[name].append(run_child(script, versions[name], n))
    return runs


def ab_parser(description: str | None, rounds: int, n: int) -> argparse.ArgumentParser:
    """The options every A/B bench takes: the other tree (--old), rounds, texts per child, and --child."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, help="the other tree's src folder")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--n", type=int, default=n, help="texts per child run")
    parser.add_argument("--child", action="store_true", help="run one version's timings (what a turn calls)")
    return parser
