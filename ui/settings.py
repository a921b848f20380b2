"""The user's settings: one typed object with a schema version, stored as JSON.

The file lives in the platform's config folder (``QStandardPaths.AppConfigLocation``), or in
``$PFDESK_CONFIG_DIR`` when that is set (tests point it at a temporary folder). A missing,
unreadable or malformed file, or a value of the wrong type, falls back to the default for that
value; nothing is pickled.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "settings.json"
MAX_RECENT = 10
ENV_DIR = "PFDESK_CONFIG_DIR"


@dataclass
class Settings:
    """Everything pfdesk remembers between sessions."""

    version: int = SCHEMA_VERSION
    geometry: str = ""            # QMainWindow.saveGeometry(), base64
    window_state: str = ""        # QMainWindow.saveState(), base64
    recent_files: list[str] = field(default_factory=list)
    default_template: str = ""    # '' means the program's default template
    user_name: str = ""           # written as modified-by on every edit
    last_folder: str = ""
    gb2312_fonts: bool = False    # reports in 仿宋_GB2312 / 楷体_GB2312 (a bureau's house rule)

    def add_recent(self, path: str | Path) -> None:
        """Put a file at the top of the recent list (no duplicates, at most MAX_RECENT)."""
        text = str(Path(path).resolve())
        self.recent_files = [text, *[p for p in self.recent_files if p != text]][:MAX_RECENT]

    def remove_recent(self, path: str | Path) -> None:
        """Forget a file from the recent list."""
        text = str(Path(path).resolve())
        self.recent_files = [p for p in self.recent_files if p != text]


def config_dir() -> Path:
    """The folder settings are kept in."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(location or Path.home() / ".config" / "pfdesk")


def settings_path() -> Path:
    """The settings file."""
    return config_dir() / FILE_NAME


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, list):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value[:MAX_RECENT]
        raise TypeError(name)
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise TypeError(name)
    if isinstance(value, bool) or type(value) is not type(default):
        raise TypeError(name)
    return value


def from_dict(data: object) -> Settings:
    """Settings from parsed JSON; each bad or missing value takes its default."""
    settings = Settings()
    if not isinstance(data, dict):
        return settings
    for f in fields(Settings):
        if f.name == "version" or f.name not in data:
            continue
        default = getattr(settings, f.name)
        try:
            setattr(settings, f.name, _coerce(f.name, data[f.name], default))
        except TypeError:
            log.warning("setting %s has a bad value, using the default", f.name)
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file (defaults when absent or unreadable)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read settings %s: %s", path, exc)
        return Settings()
    try:
        data = json.loads(text)
    except ValueError:
        log.warning("settings file %s is not valid JSON, using defaults", path)
        return Settings()
    return from_dict(data)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings file atomically; False (logged) when it cannot be written."""
    path = path or settings_path()
    settings.version = SCHEMA_VERSION
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write settings %s: %s", path, exc)
        return False
    return True
