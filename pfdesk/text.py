"""Cleaning text that comes from users or outside files, so that a Word file can always hold it."""

from __future__ import annotations

import re

# Control characters other than tab, newline and carriage return, lone surrogates, U+FFFE/U+FFFF.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Remove characters a .docx cannot hold; normalise line ends to \\n."""
    return _BAD.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
