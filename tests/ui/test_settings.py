"""Settings: one typed object in the config folder; bad values fall back to defaults."""

from __future__ import annotations

import json
from pathlib import Path

from ui.settings import MAX_RECENT, SCHEMA_VERSION, Settings, load_settings, save_settings, settings_path


def test_round_trip_in_the_config_folder(tmp_path: Path) -> None:
    settings = Settings(user_name="张三", default_template="department")
    settings.add_recent(tmp_path / "a.pfdesk")
    settings.add_recent(tmp_path / "b.pfdesk")
    settings.add_recent(tmp_path / "a.pfdesk")
    assert save_settings(settings)
    assert settings_path() == tmp_path / "config" / "settings.json"
    again = load_settings()
    assert again.user_name == "张三"
    assert again.default_template == "department"
    assert again.recent_files == [str((tmp_path / "a.pfdesk").resolve()),
                                  str((tmp_path / "b.pfdesk").resolve())]
    assert json.loads(settings_path().read_text(encoding="utf-8"))["version"] == SCHEMA_VERSION


def test_bad_values_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 99, "user_name": 5, "recent_files": "x",
                                "geometry": None, "default_template": "national-2020",
                                "unknown": True}), encoding="utf-8")
    settings = load_settings()
    assert settings.user_name == ""
    assert settings.recent_files == []
    assert settings.geometry == ""
    assert settings.default_template == "national-2020"
    assert settings.version == SCHEMA_VERSION


def test_garbage_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not json")
    assert load_settings() == Settings()
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_settings() == Settings()


def test_recent_list_is_bounded(tmp_path: Path) -> None:
    settings = Settings()
    for n in range(MAX_RECENT + 5):
        settings.add_recent(tmp_path / f"{n}.pfdesk")
    assert len(settings.recent_files) == MAX_RECENT
    assert settings.recent_files[0].endswith(f"{MAX_RECENT + 4}.pfdesk")


def test_yes_no_settings_read_back_only_as_true_or_false(tmp_path: Path) -> None:
    save_settings(Settings(gb2312_fonts=True))
    assert load_settings().gb2312_fonts is True
    path = settings_path()
    for bad in (1, "true", None):
        path.write_text(json.dumps({"gb2312_fonts": bad, "user_name": 0}), encoding="utf-8")
        assert load_settings().gb2312_fonts is False
    # and a text setting never takes a yes/no value
    path.write_text(json.dumps({"user_name": True}), encoding="utf-8")
    assert load_settings().user_name == ""
