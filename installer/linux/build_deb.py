"""Build the Debian package (.deb) of the one-folder bundle.

    python3 installer/linux/build_deb.py BUNDLE_DIR OUT_DIR [--version V] [--arch A]

BUNDLE_DIR is the PyInstaller folder (``dist/pfdesk/``, holding the ``pfdesk`` program);
OUT_DIR receives ``pfdesk_<version>_<arch>.deb``, whose path is the last line printed. The
version defaults to pyproject.toml's, the architecture to ``dpkg --print-architecture`` (a
bundle holds machine code: build an arm64 package from an arm64 bundle made on arm64).

What the package installs:

    /opt/pfdesk/                                   the bundle, as built
    /usr/bin/pfdesk                                a two-line wrapper that runs it
    /usr/share/applications/pfdesk.desktop         the menu entry; opens project files (%f)
    /usr/share/mime/packages/pfdesk.xml            application/x-pfdesk: *.pfdesk, or an SQLite
                                                   header with our application_id
    /usr/share/icons/hicolor/<n>x<n>/apps/pfdesk.png and .../mimetypes/application-x-pfdesk.png
    /usr/share/icons/hicolor/scalable/...          the same drawings as SVG

No maintainer scripts: the MIME database, the desktop-entry cache and the icon cache are
refreshed by the dpkg file triggers of shared-mime-info, desktop-file-utils and
hicolor-icon-theme (each declares interest in its folder), on install and on removal alike.
Needs only the Python standard library and ``dpkg-deb``.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ICONS = ROOT / "resources" / "icons"
PACKAGE = "pfdesk"
PREFIX = Path("opt") / PACKAGE
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
MIME_TYPE = "application/x-pfdesk"
MIME_ICON = MIME_TYPE.replace("/", "-")

# What the bundle does not carry. Checked with ldd over every ELF file of a bundle built on
# Debian 12: OpenGL/EGL (glvnd), libdrm, libwayland-*, libxcb and the C library come from the
# system. The X11/xcb libraries of Qt's xcb platform plugin (dev.py's WINDOW_APT_PACKAGES),
# fontconfig, freetype and glib are carried only when the build machine had them installed,
# so they are listed too. A Chinese font for the window's text comes from the system (the
# bundled GB 2312 subset serves the charts only). Debian 12 names.
DEPENDS = [
    "libglib2.0-0", "libegl1", "libgl1", "libdrm2", "libwayland-client0",
    "libwayland-cursor0", "libwayland-egl1", "libx11-6", "libx11-xcb1", "libxcb1",
    "libdbus-1-3", "libfontconfig1", "libfreetype6", "libxkbcommon0",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0",
    "libxcb-render-util0", "libxcb-xkb1", "libxkbcommon-x11-0", "libxcb-randr0",
    "libxcb-shape0", "libxcb-xinerama0",
    "fontconfig",
    "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei | fonts-arphic-uming",
]
# A version a bundled library needs from the C library (an ELF version reference: GLIBC_2.36).
_GLIBC = re.compile(rb"GLIBC_(2\.\d+(?:\.\d+)?)\x00")

# They run the dpkg triggers that register the menu entry, the MIME type and the icons.
RECOMMENDS = ["shared-mime-info", "desktop-file-utils", "hicolor-icon-theme", "xdg-utils"]

WRAPPER = f"""#!/bin/sh
exec /{PREFIX}/pfdesk "$@"
"""

DESCRIPTION = """\
fiscal expenditure performance evaluation workbench (财政支出绩效评价工作台)
 pfdesk keeps a whole performance evaluation in one project file (.pfdesk):
 the indicator system, scores and deductions, funding, targets, findings and
 the team. It computes totals, 得分率 and grades exactly and writes the Word
 reports. Double-clicking a .pfdesk file opens it in pfdesk."""


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The version in pyproject.toml."""
    with pyproject.open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def host_arch() -> str:
    """The Debian architecture of this machine (amd64, arm64, loong64 …)."""
    result = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                            check=True)
    return result.stdout.strip()


def _normalise_modes(folder: Path) -> None:
    """Folders 0755, programs 0755, everything else 0644, whatever the umask was."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def _copy_icons(root: Path) -> None:
    """The program and project-file icons into the hicolor theme, every size and SVG."""
    hicolor = root / "usr/share/icons/hicolor"
    for name, context, installed in (("pfdesk", "apps", PACKAGE),
                                     ("pfdesk-project", "mimetypes", MIME_ICON)):
        for size in ICON_SIZES:
            target = hicolor / f"{size}x{size}" / context / f"{installed}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ICONS / f"{name}-{size}.png", target)
        target = hicolor / "scalable" / context / f"{installed}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / f"{name}.svg", target)


def stage(bundle: Path, root: Path) -> None:
    """Lay out every installed file of the package under ``root``."""
    if not (bundle / "pfdesk").is_file():
        raise SystemExit(f"build_deb: {bundle} holds no 'pfdesk' program; build the bundle first "
                         "(python3 dev.py bundle)")
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    usr_bin = root / "usr/bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / "pfdesk").write_text(WRAPPER, encoding="utf-8")
    (usr_bin / "pfdesk").chmod(0o755)
    applications = root / "usr/share/applications"
    applications.mkdir(parents=True)
    shutil.copyfile(HERE / "pfdesk.desktop", applications / "pfdesk.desktop")
    mime = root / "usr/share/mime/packages"
    mime.mkdir(parents=True)
    shutil.copyfile(HERE / "pfdesk-mime.xml", mime / "pfdesk.xml")
    _copy_icons(root)


def glibc_needed(bundle: Path) -> str | None:
    """The newest C library version any program or library of the bundle asks for.

    The bundle carries the build machine's libstdc++, libpython and others, which need the C
    library they were built against: a bundle made on Debian 12 needs glibc 2.36. Read from the
    version names in each ELF file's dynamic string table (what ``objdump -p`` lists under
    "Version References"), with no binutils needed.
    """
    newest: tuple[int, ...] | None = None
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
            data = handle.read()
        for match in _GLIBC.finditer(data):
            version = tuple(int(part) for part in match.group(1).split(b"."))
            newest = version if newest is None else max(newest, version)
    return None if newest is None else ".".join(str(part) for part in newest)


def depends(bundle: Path) -> list[str]:
    """The Depends field's entries: the C library at the version the bundle needs, then the rest."""
    glibc = glibc_needed(bundle)
    return [f"libc6 (>= {glibc})" if glibc else "libc6", *DEPENDS]


def installed_size_kib(root: Path) -> int:
    """Installed-Size as dpkg-gencontrol counts it: each file's size rounded up to 1 KiB, and
    1 KiB for each folder and link."""
    total = 0
    for path in root.rglob("*"):
        if path.is_relative_to(root / "DEBIAN"):
            continue
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += max(1, math.ceil(path.stat().st_size / 1024))
    return total


def control_text(version: str, arch: str, size_kib: int, depends_on: list[str]) -> str:
    """The DEBIAN/control file."""
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": "pfdesk developers <pfdesk@localhost>",
        "Installed-Size": str(size_kib),
        "Depends": ", ".join(depends_on),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "office",
        "Priority": "optional",
        "Description": DESCRIPTION,
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


# dpkg-deb's compression, measured on a 266 MB bundle (2 shared cores; wall time, size):
# xz -6 (dpkg's default) 90 s, 76.7 MB; xz -3 46 s, 84.2 MB; xz -1 8 s, 87.2 MB;
# gzip -9 29 s, 106.8 MB; gzip -1 4 s, 116.2 MB.
COMPRESSION = ("-Zxz", "-z1")


def build(bundle: Path, out_dir: Path, version: str | None = None,
          arch: str | None = None) -> Path:
    """Build the package from ``bundle`` into ``out_dir``; return the .deb's path."""
    version = version or project_version()
    arch = arch or host_arch()
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="pfdesk-deb-", dir=out_dir) as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        stage(bundle, root)
        (root / "DEBIAN").mkdir()
        control = control_text(version, arch, installed_size_kib(root), depends(bundle))
        (root / "DEBIAN/control").write_text(control, encoding="utf-8")
        _normalise_modes(root)
        # xz, not zstd: the dpkg of older Debian-based systems (UOS 20 is Debian 10) reads xz only.
        # Level 1: a tenth of the time of the default level 6 for a package 14 % larger.
        subprocess.run(["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root),
                        str(deb)], check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    """Command line: build the .deb and print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle folder (dist/pfdesk)")
    parser.add_argument("out_dir", type=Path, help="where the .deb is written (dist)")
    parser.add_argument("--version", help="package version (default: pyproject.toml's)")
    parser.add_argument("--arch", help="Debian architecture (default: this machine's)")
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("build_deb: dpkg-deb not found (a Debian-based system is needed)", file=sys.stderr)
        return 2
    print(build(args.bundle.resolve(), args.out_dir.resolve(), args.version, args.arch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
