"""The .deb builder (installer/linux/build_deb.py) lays out a package a Debian desktop accepts.

A stand-in bundle (a shell script named ``pfdesk``) keeps this fast: no PyInstaller. The
package is read back with ``dpkg-deb``; the desktop entry goes through ``desktop-file-validate``;
the MIME type's magic rule is evaluated here, byte by byte, against a real project file and a
plain SQLite file. Installing the real package is .ci/run's job.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "installer" / "linux" / "build_deb.py"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "9.8.7"
SIZES = (16, 24, 32, 48, 64, 128, 256)

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed"),
]


def _run(cmd: list[str | Path], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=90,
                          check=False, **kw)  # type: ignore[call-overload]


def _stand_in_bundle(folder: Path) -> Path:
    bundle = folder / "pfdesk"
    (bundle / "_internal").mkdir(parents=True)
    program = bundle / "pfdesk"
    program.write_text('#!/bin/sh\necho "stand-in pfdesk $*"\n', encoding="utf-8")
    program.chmod(0o700)  # the builder must make it 0755 whatever it was
    # An ELF library whose version references ask for glibc 2.17 and 2.34, and a data file that
    # merely mentions a newer version (not ELF: not a need).
    (bundle / "_internal" / "libstandin.so").write_bytes(
        b"\x7fELF" + b"\0" * 4000 + b"\0GLIBC_2.17\0GLIBC_2.34\0GLIBC_2.2.5\0" + b"\0" * 960)
    (bundle / "_internal" / "notes.txt").write_bytes(b"GLIBC_2.99\0")
    return bundle


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built from the stand-in bundle."""
    base = tmp_path_factory.mktemp("deb")
    bundle = _stand_in_bundle(base)
    result = _run([sys.executable, BUILDER, bundle, base / "out", "--version", VERSION,
                   "--arch", "amd64"])
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path == base / "out" / f"pfdesk_{VERSION}_amd64.deb"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's files, extracted."""
    folder = tmp_path_factory.mktemp("unpacked")
    assert _run(["dpkg-deb", "-x", deb, folder]).returncode == 0
    return folder


def _contents(deb: Path) -> dict[str, tuple[str, str]]:
    """path → (mode string, owner/group) from ``dpkg-deb --contents``."""
    listing = _run(["dpkg-deb", "--contents", deb])
    assert listing.returncode == 0, listing.stderr
    entries = {}
    for line in listing.stdout.splitlines():
        mode, owner, _size, _date, _time, name = line.split(None, 5)
        entries[name.split(" -> ")[0].removeprefix(".").rstrip("/") or "/"] = (mode, owner)
    return entries


def test_layout_modes_and_owner(deb: Path) -> None:
    entries = _contents(deb)
    assert entries["/opt/pfdesk/pfdesk"][0] == "-rwxr-xr-x"
    assert entries["/opt/pfdesk/_internal/libstandin.so"][0] == "-rw-r--r--"
    assert entries["/usr/bin/pfdesk"][0] == "-rwxr-xr-x"
    assert entries["/usr/share/applications/pfdesk.desktop"][0] == "-rw-r--r--"
    assert "/usr/share/mime/packages/pfdesk.xml" in entries
    for size in SIZES:
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/pfdesk.png" in entries
        assert f"/usr/share/icons/hicolor/{size}x{size}/mimetypes/application-x-pfdesk.png" in entries
    assert "/usr/share/icons/hicolor/scalable/apps/pfdesk.svg" in entries
    assert {owner for _mode, owner in entries.values()} == {"root/root"}


def test_icons_are_the_right_size(unpacked: Path) -> None:
    for size in SIZES:
        png = (unpacked / f"usr/share/icons/hicolor/{size}x{size}/apps/pfdesk.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)  # IHDR width, height


def test_wrapper_runs_the_bundle(unpacked: Path) -> None:
    text = (unpacked / "usr/bin/pfdesk").read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n")
    assert 'exec /opt/pfdesk/pfdesk "$@"' in text


def _dev_window_packages() -> list[str]:
    spec = importlib.util.spec_from_file_location("pfdesk_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.WINDOW_APT_PACKAGES)


def test_control_fields(deb: Path, unpacked: Path) -> None:
    result = _run(["dpkg-deb", "--field", deb, "Package", "Version", "Architecture",
                   "Installed-Size", "Depends", "Section"])
    assert result.returncode == 0, result.stderr
    fields = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert fields["Package"] == "pfdesk"
    assert fields["Version"] == VERSION
    assert fields["Architecture"] == "amd64"
    assert fields["Section"] == "office"
    depends = [alt.strip() for alt in fields["Depends"].split(",")]
    names = {re.sub(r"\s*\(.*\)", "", part).strip() for alt in depends for part in alt.split("|")}
    for package in [*_dev_window_packages(), "fontconfig", "libfontconfig1", "fonts-noto-cjk"]:
        assert package in names, f"{package} missing from Depends"
    # The newest C library version the stand-in's ELF file asks for, worked out above: 2.34.
    assert "libc6 (>= 2.34)" in depends
    font = next(alt for alt in depends if "fonts-noto-cjk" in alt)
    assert "|" in font  # another Chinese font will do on systems without Noto CJK
    # Installed-Size in KiB: the stand-in holds 5000 + 41 bytes of program and the icons;
    # at least the 5 KiB library, and far below a megabyte.
    size = int(fields["Installed-Size"])
    assert 5 < size < 1024


def test_version_defaults_to_pyproject(tmp_path: Path) -> None:
    bundle = _stand_in_bundle(tmp_path)
    result = _run([sys.executable, BUILDER, bundle, tmp_path / "out"])
    assert result.returncode == 0, result.stderr
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"),
                        re.MULTILINE)
    assert version is not None
    assert Path(result.stdout.strip()).name.startswith(f"pfdesk_{version.group(1)}_")


def test_missing_bundle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _run([sys.executable, BUILDER, tmp_path / "empty", tmp_path / "out"])
    assert result.returncode != 0
    assert "dev.py bundle" in result.stderr
    assert not list((tmp_path / "out").glob("*.deb")) if (tmp_path / "out").exists() else True


def test_desktop_entry(unpacked: Path) -> None:
    path = unpacked / "usr/share/applications/pfdesk.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "pfdesk %f"
    assert section["Icon"] == "pfdesk"
    assert "application/x-pfdesk" in section["MimeType"].split(";")
    assert "Office" in section["Categories"].split(";")
    assert re.search(r"[\u4e00-\u9fff]", section["Name[zh_CN]"])
    assert re.search(r"[\u4e00-\u9fff]", section["Comment[zh_CN]"])
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils)")
    result = _run(["desktop-file-validate", path])
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


# --- the MIME type ------------------------------------------------------------------------------

def _mime_type(unpacked: Path) -> ET.Element:
    tree = ET.parse(unpacked / "usr/share/mime/packages/pfdesk.xml")
    (mime,) = tree.getroot().findall(f"{MIME_NS}mime-type")
    return mime


def _match(rule: ET.Element, data: bytes) -> bool:
    """One <match> of the shared-mime-info spec (the kinds our file uses), children ANDed."""
    offset = int(rule.get("offset", "0"))
    kind, value = rule.get("type"), rule.get("value", "")
    if kind == "string":
        wanted = value.encode("utf-8")
    elif kind == "big32":
        wanted = struct.pack(">I", int(value, 0))
    else:
        raise AssertionError(f"match type {kind} not evaluated by this test")
    if data[offset:offset + len(wanted)] != wanted:
        return False
    children = rule.findall(f"{MIME_NS}match")
    return not children or any(_match(child, data) for child in children)


def _magic_matches(mime: ET.Element, data: bytes) -> bool:
    return any(_match(rule, data) for magic in mime.findall(f"{MIME_NS}magic")
               for rule in magic.findall(f"{MIME_NS}match"))


def test_mime_type_names_and_glob(unpacked: Path) -> None:
    mime = _mime_type(unpacked)
    assert mime.get("type") == "application/x-pfdesk"
    comments = {c.get(XML_LANG): c.text for c in mime.findall(f"{MIME_NS}comment")}
    assert comments["zh_CN"] == "pfdesk 项目文件"
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.pfdesk"]
    (parent,) = mime.findall(f"{MIME_NS}sub-class-of")
    assert parent.get("type") == "application/vnd.sqlite3"
    (magic,) = mime.findall(f"{MIME_NS}magic")
    # Above the plain SQLite type's default priority (50), so our files win the magic test.
    assert int(magic.get("priority", "50")) > 50


def test_magic_recognises_a_project_and_not_plain_sqlite(unpacked: Path, tmp_path: Path) -> None:
    from pfdesk.demo import build_demo

    mime = _mime_type(unpacked)
    project = tmp_path / "renamed.bak"
    build_demo(project).close()
    data = project.read_bytes()[:100]
    # By hand: SQLite's header keeps application_id big-endian at offset 68; ours is "pfds".
    assert data[:16] == b"SQLite format 3\0"
    assert data[68:72] == b"pfds"
    assert _magic_matches(mime, data)

    plain = tmp_path / "plain.sqlite"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert not _magic_matches(mime, plain.read_bytes()[:100])

    other_app = tmp_path / "other.sqlite"
    with sqlite3.connect(other_app) as conn:
        conn.execute("PRAGMA application_id = 0x47504B47")  # GeoPackage's "GPKG"
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert not _magic_matches(mime, other_app.read_bytes()[:100])
    # "pfds" at offset 68 of something that is not SQLite is not a project either.
    assert not _magic_matches(mime, b"x" * 68 + b"pfds" + b"x" * 28)


def _ar_members(path: Path) -> list[str]:
    """The member names of an ar archive (a .deb is one)."""
    data = path.read_bytes()
    assert data.startswith(b"!<arch>\n")
    names, at = [], 8
    while at + 60 <= len(data):
        header = data[at:at + 60]
        names.append(header[:16].decode("ascii").strip().rstrip("/"))
        size = int(header[48:58].decode("ascii"))
        at += 60 + size + (size % 2)
    return names


def test_the_files_are_xz_compressed_at_level_one(deb: Path, tmp_path: Path) -> None:
    """xz, which every dpkg reads (zstd is not read by Debian 10's, UOS 20's base), at the level
    that packs the real bundle in seconds rather than minutes."""
    assert _ar_members(deb) == ["debian-binary", "control.tar.xz", "data.tar.xz"]
    if shutil.which("xz") is None:
        pytest.skip("xz not installed")
    data = tmp_path / "data.tar.xz"
    data.write_bytes(_member(deb, 2))
    listing = _run(["xz", "--list", "-vv", data])
    assert listing.returncode == 0, listing.stderr
    # Each block names its filter: LZMA2 with preset 1's dictionary (1 MiB; the default
    # preset 6 has 8 MiB).
    assert "--lzma2=dict=1MiB" in listing.stdout, listing.stdout


def _member(path: Path, index: int) -> bytes:
    data = path.read_bytes()
    at = 8
    for _ in range(index):
        size = int(data[at + 48:at + 58].decode("ascii"))
        at += 60 + size + (size % 2)
    size = int(data[at + 48:at + 58].decode("ascii"))
    return data[at + 60:at + 60 + size]
