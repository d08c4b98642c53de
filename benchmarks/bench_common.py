"""What the benchmark scripts share: where the evaluation data lives, which CPU ran them, and
how a list of sizes is read from the command line.

The scripts run as ``python benchmarks/NAME.py``, so this folder is on the import path.
"""

from __future__ import annotations

import platform
from pathlib import Path

from newsloom.data import evaluation_data


def data_dir() -> Path:
    """$NEWSLOOM_DATA if set, else ../shared/data beside the repository root."""
    return evaluation_data()


def cpu_name() -> str:
    """The CPU model name from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def int_list(text: str) -> list[int]:
    """Comma-separated integers (a command-line list of sizes)."""
    return [int(part) for part in text.split(",") if part.strip()]
