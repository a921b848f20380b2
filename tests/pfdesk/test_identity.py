"""The computer's name as changes and locks record it (``pfdesk.identity``)."""

from __future__ import annotations

import os
import socket

import pytest

from pfdesk import identity


def test_host_name_is_the_network_name() -> None:
    """Read without socket where the system has uname, it is still gethostname's name."""
    assert identity.host_name() == socket.gethostname()


def test_without_uname_the_name_comes_from_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "uname", raising=False)
    monkeypatch.setattr(socket, "gethostname", lambda: "评价组笔记本")
    assert identity.host_name() == "评价组笔记本"


def test_a_computer_with_no_name_is_called_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "host_name", lambda: "  ")
    assert identity.device() == "本机"
