"""Shared helpers: where the repository, the samples and the `vigil` binary are; skip-or-fail."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
IN_CI = os.environ.get("VIGIL_CI") == "1"


def need(ok: bool, why: str) -> None:
    """Skips with a note when `ok` is false, except under CI (VIGIL_CI=1), where it fails."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"required under VIGIL_CI=1: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def vigil_bin() -> Path:
    """The release `vigil` binary (VIGIL_BIN, else target/release/vigil)."""
    path = Path(os.environ.get("VIGIL_BIN", ROOT / "target" / "release" / "vigil"))
    need(path.is_file(), f"no vigil binary at {path} (cargo build --release --bin vigil)")
    return path


@pytest.fixture(scope="session")
def coder():
    import vigil

    return vigil.Coder()


def run_cli(vigil_bin: Path, *args: str, cwd: Path = ROOT) -> str:
    out = subprocess.run([str(vigil_bin), *map(str, args)], cwd=cwd, check=True,
                         capture_output=True, text=True)
    return out.stdout
