"""The erasure drill (benchmarks/erasure.py) on both databases: every count is 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_erased_case_leaves_nothing_readable_anywhere(engine) -> None:
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "benchmarks" / "erasure.py"), "--engine", engine],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = done.stdout
    assert done.returncode == 0, report + done.stderr[-2000:]
    assert "erasure drill passed" in report
    assert "fields that decrypt in the backup made before it: 0" in report
    read_before = int(
        report.split(" encrypted fields of the case read before erasure")[0].split()[-1]
    )
    assert read_before >= 7  # the canaries were there, readable, until the erasure
