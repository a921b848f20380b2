"""The shipped data is found through the ``resources`` package, wherever that package lives."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from pfdesk import resources


def test_everything_the_readers_ask_for_is_there() -> None:
    assert (resources.resource("templates") / "national-2020.json").is_file()
    assert resources.resource("phrases.json").is_file()
    assert resources.resource("fonts", "NotoSansSC-GB2312.otf").is_file()


def test_a_zipped_package_is_unpacked_to_real_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("resources/__init__.py", "")
        out.writestr("resources/templates/t.json", "{}")
    monkeypatch.delitem(sys.modules, "resources", raising=False)
    monkeypatch.syspath_prepend(str(archive))
    folder = resources.resources_dir.__wrapped__()
    assert isinstance(folder, Path)
    assert (folder / "templates" / "t.json").read_text(encoding="utf-8") == "{}"


def test_without_the_package_the_checkout_folder_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "resources", None)  # import resources -> ModuleNotFoundError
    checkout = Path(resources.__file__).resolve().parents[1] / "resources"
    assert resources.resources_dir.__wrapped__() == checkout
