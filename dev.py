"""Set up a development environment and run pfdesk or its tests.

    python3 dev.py demo    # set up, then open the demo project in the window
    python3 dev.py test    # set up, then run the whole test suite
    python3 dev.py bundle  # set up, then build the one-folder program in dist/pfdesk/
    python3 dev.py deb     # the bundle (rebuilt if older than the sources), then a .deb in dist/

Setting up means: a virtual environment in .venv with pfdesk and its test tools, installed at
the versions in constraints.txt, and, on a Debian/Ubuntu machine where we are root (or have
sudo), the system libraries Qt needs plus a Chinese font. The tests draw offscreen and need only
the offscreen libraries; `demo` opens a real window and also needs Qt's xcb libraries. Each step
is skipped when already done.

`bundle` also installs PyInstaller (the ``bundle`` extra, at the pinned version) and freezes
the program with installer/pfdesk.spec into dist/pfdesk/ (build files in build/). `deb` packs
that folder with installer/linux/build_deb.py. The packaging tests and `deb` need Debian's nsis
(makensis) and desktop-file-utils; the report tests convert every layout with LibreOffice
(libreoffice-writer-nogui, poppler-utils' pdftotext): `test` and `deb` install them.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
import time
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
# What the packaging tests (makensis checks the Windows installer script, desktop-file-validate
# the desktop entry), the report tests (each layout converted by LibreOffice, its text read back
# with pdftotext), the installer test listing its payload (7-Zip) and `deb` use; program ->
# Debian package.
PACKAGING_TOOLS = {"makensis": "nsis", "desktop-file-validate": "desktop-file-utils",
                   "dpkg-deb": "dpkg", "soffice": "libreoffice-writer-nogui",
                   "pdftotext": "poppler-utils", "7zz": "7zip"}
CONSTRAINTS = ROOT / "constraints.txt"
SPEC = ROOT / "installer" / "pfdesk.spec"
DIST = ROOT / "dist"
BUNDLE = DIST / "pfdesk"
BUNDLE_EXE = BUNDLE / ("pfdesk.exe" if os.name == "nt" else "pfdesk")
# What the bundle is made of: a newer file here means dist/pfdesk is out of date.
BUNDLE_SOURCES = ["pfdesk", "ui", "resources", "installer/pfdesk.spec", "installer/entry.py",
                  "installer/bundle_lists.py", "pyproject.toml", "constraints.txt"]


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


def system_packages(window: bool, packaging: bool = False) -> None:
    packages = APT_PACKAGES + (WINDOW_APT_PACKAGES if window else [])
    tools = [package for program, package in PACKAGING_TOOLS.items()
             if packaging and sys.platform == "linux" and not shutil.which(program)]
    if not missing_system(LIBRARIES + (WINDOW_LIBRARIES if window else [])):
        if not tools:
            return
        packages = tools
    else:
        packages += tools
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


def python_env(bundle: bool = False) -> None:
    if not PY.exists():
        print("+ python3 -m venv .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    extras = "test,bundle" if bundle else "test"
    stamp = VENV / (".pfdesk-installed-bundle" if bundle else ".pfdesk-installed")
    project = ROOT / "pyproject.toml"
    newest = max(project.stat().st_mtime, CONSTRAINTS.stat().st_mtime)
    if not stamp.exists() or stamp.stat().st_mtime < newest:
        run(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "-q", "-c", CONSTRAINTS, "-e", f"{ROOT}[{extras}]")
        stamp.touch()


def _newest_source() -> float:
    newest = 0.0
    for name in BUNDLE_SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def bundle_is_current() -> bool:
    """True when dist/pfdesk exists and is newer than every file it is made of."""
    return BUNDLE_EXE.is_file() and BUNDLE_EXE.stat().st_mtime >= _newest_source()


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_bundle() -> int:
    """Freeze the program into dist/pfdesk/ (one folder) with installer/pfdesk.spec."""
    started = time.monotonic()
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    code = subprocess.call([*nice, str(PY), "-m", "PyInstaller", "--noconfirm", "--log-level",
                            "WARN", "--distpath", str(DIST), "--workpath",
                            str(ROOT / "build" / "pyinstaller"), str(SPEC)], cwd=ROOT)
    if code != 0:
        print(f"打包失败（PyInstaller 退出码 {code}），请查看上面的输出。", file=sys.stderr)
        return code
    os.utime(BUNDLE_EXE)   # the bundle's age, for `deb`'s "older than the sources"
    size = _folder_size(BUNDLE) / 1e6
    print(f"已生成 {BUNDLE_EXE.relative_to(ROOT)}（{size:.0f} MB，用时 "
          f"{time.monotonic() - started:.0f} 秒）", flush=True)
    return 0


def build_deb() -> int:
    """The .deb of dist/pfdesk (built first when missing or older than the sources)."""
    if not bundle_is_current():
        code = build_bundle()
        if code:
            return code
    else:
        print(f"{BUNDLE.relative_to(ROOT)} 已是最新，不再重新打包", flush=True)
    return subprocess.call([str(PY), str(ROOT / "installer" / "linux" / "build_deb.py"),
                            str(BUNDLE), str(DIST)], cwd=ROOT)


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "demo"
    if what not in ("demo", "test", "setup", "bundle", "deb"):
        print(__doc__)
        return 2
    system_packages(window=what == "demo", packaging=what in ("test", "deb"))
    python_env(bundle=what in ("bundle", "deb"))
    if what == "setup":
        return 0
    if what == "bundle":
        return build_bundle()
    if what == "deb":
        return build_deb()
    if what == "demo":
        return subprocess.call([str(BIN / "pfdesk"), "--demo", *argv[1:]])
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(PY), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
