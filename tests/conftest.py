"""Every test keeps pfdesk's data folder (backups, the demo) in a temporary folder of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Its own MonkeyPatch, not the ``monkeypatch`` fixture: an autouse fixture asking for that
    # would set it up before every test's own fixtures and so undo the test's patches last.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PFDESK_DATA_DIR", str(tmp_path_factory.mktemp("pfdesk-data")))
        yield
