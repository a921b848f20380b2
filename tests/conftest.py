"""Every test keeps pfdesk's data folder (backups, the demo) in a temporary folder of its own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path_factory.mktemp("pfdesk-data")))
