"""Set up a development environment and run pfdesk or its tests.

    python3 dev.py demo    # set up, then open the demo project in the window
    python3 dev.py test    # set up, then run the whole test suite

Setting up means: a virtual environment in .venv with pfdesk and its test tools, installed at
the versions in constraints.txt, and, on a Debian/Ubuntu machine where we are root (or have
sudo), the system libraries Qt needs plus a Chinese font. The tests draw offscreen and need only
the offscreen libraries; `demo` opens a real window and also needs Qt's xcb libraries. Each step
is skipped when already done.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# What Qt's offscreen platform and the tests' font checks need on a bare Debian image.
APT_PACKAGES = [
    "libglib2.0-0", "libegl1", "libgl1", "libx11-6", "libdbus-1-3", "libfontconfig1",
    "libfreetype6", "libxkbcommon0", "fonts-noto-cjk",
]
LIBRARIES = ["EGL", "GL", "xkbcommon", "fontconfig", "glib-2.0", "dbus-1"]

# What a real window (Qt's xcb platform) needs on top: without them Qt stops with "could not load
# the Qt platform plugin xcb". The offscreen tests do not, so `test` leaves them out.
WINDOW_APT_PACKAGES = [
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
    "libxcb-xkb1", "libxkbcommon-x11-0", "libxcb-randr0", "libxcb-shape0", "libxcb-xinerama0",
]
WINDOW_LIBRARIES = [
    "xcb-cursor", "xcb-icccm", "xcb-keysyms", "xcb-image", "xcb-render-util", "xcb-xkb",
    "xkbcommon-x11", "xcb-randr", "xcb-shape", "xcb-xinerama",
]
CONSTRAINTS = ROOT / "constraints.txt"


def run(*cmd: str | Path, **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)  # type: ignore[call-overload]


def missing_system(libraries: list[str]) -> bool:
    if sys.platform != "linux":
        return False
    libs = [name for name in libraries if ctypes.util.find_library(name) is None]
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout \
        if shutil.which("fc-list") else ""
    return bool(libs) or not fonts.strip()


def system_packages(window: bool) -> None:
    packages = APT_PACKAGES + (WINDOW_APT_PACKAGES if window else [])
    if not missing_system(LIBRARIES + (WINDOW_LIBRARIES if window else [])):
        return
    if not shutil.which("apt-get"):
        print("提示：缺少 Qt 所需的系统库或中文字体，请用系统的包管理器安装："
              + " ".join(packages), file=sys.stderr)
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            print("提示：需要 root 权限安装：" + " ".join(packages), file=sys.stderr)
            return
        prefix = ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(*prefix, "apt-get", "update", "-qq", env=env)
    run(*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages,
        env=env)


def python_env() -> None:
    if not PY.exists():
        print("+ python3 -m venv .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".pfdesk-installed"
    project = ROOT / "pyproject.toml"
    newest = max(project.stat().st_mtime, CONSTRAINTS.stat().st_mtime)
    if not stamp.exists() or stamp.stat().st_mtime < newest:
        run(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "-q", "-c", CONSTRAINTS, "-e", f"{ROOT}[test]")
        stamp.touch()


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "demo"
    if what not in ("demo", "test", "setup"):
        print(__doc__)
        return 2
    system_packages(window=what == "demo")
    python_env()
    if what == "setup":
        return 0
    if what == "demo":
        return subprocess.call([str(BIN / "pfdesk"), "--demo", *argv[1:]])
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(PY), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
