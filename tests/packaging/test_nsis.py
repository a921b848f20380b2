"""The Windows installer script (installer/windows/pfdesk.nsi) compiles with makensis.

The installer itself can only run on Windows (.github/workflows/windows.yml does that); here
Debian's makensis compiles the script, warnings counted as errors, against a stand-in bundle
folder (small fake pfdesk.exe / pfdesk-cli.exe files). When 7-Zip is installed, the installer's
payload is listed back. What cannot run here (the registry writes, the shortcut, the
uninstaller) is checked in the script's text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "windows" / "pfdesk.nsi"
VERSION = "9.8.7"

pytestmark = pytest.mark.timeout(120)
needs_makensis = pytest.mark.skipif(shutil.which("makensis") is None,
                                    reason="makensis not installed (apt-get install nsis)")


def _stand_in_bundle(folder: Path) -> Path:
    bundle = folder / "pfdesk"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "pfdesk.exe").write_bytes(b"MZ stand-in windowed program")
    (bundle / "pfdesk-cli.exe").write_bytes(b"MZ stand-in console program")
    (bundle / "_internal" / "python311.dll").write_bytes(b"\0" * 2000)
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"\0" * 3000)
    return bundle


def _makensis(script: Path, bundle: Path, out: Path, *defines: str
              ) -> subprocess.CompletedProcess[str]:
    cmd = ["makensis", "-WX", "-V2", f"-DSOURCE_DIR={bundle}", f"-DOUTFILE={out}", *defines,
           str(script)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def installer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installer compiled from the real script and a stand-in bundle."""
    base = tmp_path_factory.mktemp("nsis")
    out = base / f"pfdesk-{VERSION}-setup.exe"
    result = _makensis(SCRIPT, _stand_in_bundle(base), out, f"-DVERSION={VERSION}")
    # -WX turns every warning into an error; -V2 prints warnings and errors only.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    return out


@needs_makensis
def test_compiles_into_a_windows_program(installer: Path) -> None:
    data = installer.read_bytes()
    assert data[:2] == b"MZ"
    assert len(data) > 50_000  # NSIS's own stub is about 100 KB; the stand-in payload is tiny


@needs_makensis
def test_payload_is_the_bundle(installer: Path) -> None:
    seven = shutil.which("7zz") or shutil.which("7z")
    if seven is None:
        pytest.skip("7-Zip not installed (apt-get install 7zip)")
    listing = subprocess.run([seven, "l", "-ba", str(installer)], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    names = {line.split()[-1].replace("\\", "/") for line in listing.splitlines() if line.strip()}
    assert {"pfdesk.exe", "pfdesk-cli.exe", "_internal/python311.dll",
            "_internal/PySide6/Qt6Core.dll", "pfdesk-project.ico", "uninstall.exe"} <= names


@needs_makensis
def test_a_missing_program_stops_the_build(tmp_path: Path) -> None:
    bundle = _stand_in_bundle(tmp_path)
    (bundle / "pfdesk-cli.exe").unlink()
    out = tmp_path / "pfdesk-setup.exe"
    result = _makensis(SCRIPT, bundle, out, f"-DVERSION={VERSION}")
    assert result.returncode != 0
    assert "pfdesk-cli.exe not found" in result.stdout + result.stderr
    assert not out.exists()


@needs_makensis
def test_without_a_version_the_build_stops(tmp_path: Path) -> None:
    out = tmp_path / "pfdesk-setup.exe"
    result = _makensis(SCRIPT, _stand_in_bundle(tmp_path), out)
    assert result.returncode != 0
    assert not out.exists()


@needs_makensis
def test_a_script_error_fails_the_compile(tmp_path: Path) -> None:
    """The check above means something: makensis exits non-zero on a broken script."""
    broken = tmp_path / "broken.nsi"
    text = SCRIPT.read_text(encoding="utf-8-sig").replace(
        'SetOutPath "$INSTDIR"', 'SetOutPath "$INSTDIR"\n  WriteRegStr HKCU', 1)
    broken.write_text(text, encoding="utf-8-sig")
    out = tmp_path / "pfdesk-setup.exe"
    result = _makensis(broken, _stand_in_bundle(tmp_path), out, f"-DVERSION={VERSION}",
                       f"-DICON_DIR={ROOT / 'resources' / 'icons'}")
    assert result.returncode != 0
    assert not out.exists()


# --- what only Windows can run, read in the script ----------------------------------------------

def _script() -> str:
    return SCRIPT.read_text(encoding="utf-8-sig")


def _code_lines() -> list[str]:
    return [line.strip() for line in _script().splitlines()
            if line.strip() and not line.strip().startswith(";")]


def test_per_user_without_administrator_rights() -> None:
    lines = _code_lines()
    assert "RequestExecutionLevel user" in lines
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP}"' in lines
    assert "Unicode true" in lines
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in lines
    code = "\n".join(lines)
    assert "HKLM" not in code and "$PROGRAMFILES" not in code
    assert "SetShellVarContext all" not in code


def test_uninstall_entry_fields() -> None:
    code = "\n".join(_code_lines())
    for name in ("DisplayName", "DisplayVersion", "Publisher", "UninstallString",
                 "QuietUninstallString", "InstallLocation", "DisplayIcon"):
        assert re.search(rf'WriteRegStr HKCU "\$\{{UNINSTALL_KEY\}}" "{name}"', code), name
    for name in ("NoModify", "NoRepair"):
        assert re.search(rf'WriteRegDWORD HKCU "\$\{{UNINSTALL_KEY\}}" "{name}" 1', code), name
    assert 'QuietUninstallString" \'"$INSTDIR\\uninstall.exe" /S\'' in code


def test_association_opens_the_file_and_is_removed_only_when_ours() -> None:
    code = "\n".join(_code_lines())
    assert "!define OPEN_COMMAND '\"$INSTDIR\\pfdesk.exe\" \"%1\"'" in code
    assert 'WriteRegStr HKCU "${CLASSES}\\${EXT}" "" "${PROGID}"' in code
    assert 'shell\\open\\command" "" \'${OPEN_COMMAND}\'' in code
    assert "0x08000000" in code  # SHCNE_ASSOCCHANGED
    uninstall = code.split('Section "Uninstall"', 1)[1]
    # Each deletion of the association keys comes right after the check that they are ours.
    assert re.search(r"StrCmp \$0 '\$\{OPEN_COMMAND\}' 0 \+2\nDeleteRegKey HKCU "
                     r'"\$\{CLASSES\}\\\$\{PROGID\}"', uninstall)
    assert re.search(r'StrCmp \$0 "\$\{PROGID\}" 0 \+2\nDeleteRegValue HKCU '
                     r'"\$\{CLASSES\}\\\$\{EXT\}" ""', uninstall)
    assert 'Delete "$SMPROGRAMS\\${APP_NAME}.lnk"' in uninstall
    # The folder is removed piece by piece, never wholesale: the user may have chosen it.
    assert 'RMDir /r "$INSTDIR"' not in uninstall
