"""What the benchmarks print about the machine and the libraries they measure."""

from __future__ import annotations

import os
import platform
from importlib import metadata


def cpu_model() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def nproc() -> int:
    """What ``nproc`` prints: the CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def version_of(distribution: str) -> str:
    """An installed distribution's version, or "not installed"."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_line() -> str:
    """``nproc N, CPU, arch`` for the results header."""
    return f"nproc {nproc()}, {cpu_model()}, {platform.machine()}"
