"""A wheel built from the repository carries everything the program reads.

The wheel is built from a copy of the checkout, installed into a fresh virtual environment
that sees this environment's dependencies (a ``.pth`` line, so no download), and the
``pfdesk`` command it installs is run from a folder outside the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Not copied into the build folder: environments, caches, build output, and what no wheel needs.
SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", "build", "dist", "*.egg-info",
                              ".pytest_cache", ".ruff_cache", "out", "tests", "docs", "benchmarks")

pytestmark = pytest.mark.timeout(240)


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=180, check=False)


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline from a copy of the checkout (the checkout stays untouched)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    _ok(_run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
              "-w", base / "dist", source], cwd=base))
    (found,) = (base / "dist").glob("pfdesk-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the wheel installed; returns its ``bin`` folder."""
    env_dir = tmp_path_factory.mktemp("env") / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_ok(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         cwd=env_dir)).stdout.strip())
    # The dependencies come from this environment, after the new one's own site-packages. A
    # plain path line: its .pth files (this checkout's editable install) are not processed.
    deps = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site / "_pfdesk_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    _ok(_run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps",
              "--no-index", wheel], cwd=env_dir))
    return python.parent


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", MPLCONFIGDIR=str(tmp / "mpl"),
               PFDESK_DATA_DIR=str(tmp / "data"))
    return env


def test_wheel_carries_every_resource(wheel: Path) -> None:
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert shipped - names == set()


def test_installed_program_reads_its_own_copy(installed: Path, tmp_path: Path) -> None:
    code = ("import pfdesk, resources; from pfdesk.resources import resources_dir; "
            "print(pfdesk.__file__); print(resources_dir())")
    out = _ok(_run([installed / "python", "-c", code], cwd=tmp_path, env=_env(tmp_path))).stdout
    for line in out.splitlines():
        assert Path(line).resolve().is_relative_to(installed.parent.resolve()), out
        assert not Path(line).resolve().is_relative_to(ROOT), out


def test_new_and_export_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    pfdesk = installed / ("pfdesk.exe" if os.name == "nt" else "pfdesk")
    env = _env(tmp_path)
    listed = _ok(_run([pfdesk, "templates"], cwd=tmp_path, env=env)).stdout
    assert "national-2020" in listed
    _ok(_run([pfdesk, "new", "X.pfdesk", "--template", "national-2020"], cwd=tmp_path, env=env))
    assert (tmp_path / "X.pfdesk").is_file()
    exported = _run([pfdesk, "export", "X.pfdesk", "--layout", "brief", "--no-charts", "-o", "out.docx"],
                    cwd=tmp_path, env=env)
    # 1: written, with the pre-export checks' list (a new project has nothing scored yet).
    assert exported.returncode in (0, 1), exported.stderr
    assert "已导出" in exported.stdout and "Traceback" not in exported.stderr, exported.stderr
    assert zipfile.is_zipfile(tmp_path / "out.docx")
