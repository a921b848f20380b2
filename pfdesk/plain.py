"""Plain Chinese for what the operating system and SQLite report, as short printable phrases.

The core wraps these phrases in its own sentences ("无法新建项目文件 a.sqlite：磁盘空间已满…"), the
command line and the window show them; none of them repeats a library's English text or a
file's bytes.
"""

from __future__ import annotations

import errno
import re
import sqlite3

ERRNO_WORDS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "磁盘是只读的",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "文件已存在",
    errno.EFBIG: "文件太大",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EIO: "读写磁盘出错",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EINVAL: "文件名或路径无效",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.ELOOP: "路径中的链接形成了循环",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.ENODEV: "找不到设备",
    errno.ENXIO: "找不到设备",
    errno.ETIMEDOUT: "网络连接超时",
    errno.EAGAIN: "资源暂时不可用",
    errno.ENOMEM: "内存不足",
    errno.ESTALE: "网络文件已失效",
}

# SQLite messages we know by their text, then by SQLite's primary result code.
_SQLITE_TEXT = (
    ("readonly database", "文件是只读的，或已被移动、替换"),
    ("database is locked", "文件正被另一个程序使用"),
    ("disk is full", "磁盘空间已满"),
    ("disk I/O error", "读写磁盘出错"),
    ("unable to open database", "无法打开或创建文件"),
    ("FOREIGN KEY constraint failed", "内容之间的引用不一致"),
    ("interrupted", "操作超时"),
    ("malformed", "文件结构已损坏"),
    ("file is not a database", "不是数据库文件"),
    ("unsupported file format", "文件格式无法识别"),
    ("too big", "内容超出大小限制"),
)
_SQLITE_CODES = {
    sqlite3.SQLITE_CORRUPT: "文件结构已损坏", sqlite3.SQLITE_NOTADB: "不是数据库文件",
    sqlite3.SQLITE_IOERR: "读写磁盘出错", sqlite3.SQLITE_FULL: "磁盘空间已满",
    sqlite3.SQLITE_CANTOPEN: "无法打开或创建文件", sqlite3.SQLITE_READONLY: "文件是只读的",
    sqlite3.SQLITE_BUSY: "文件正被另一个程序使用", sqlite3.SQLITE_LOCKED: "文件正被另一个程序使用",
    sqlite3.SQLITE_TOOBIG: "内容超出大小限制", sqlite3.SQLITE_INTERRUPT: "操作超时",
    sqlite3.SQLITE_NOMEM: "内存不足", sqlite3.SQLITE_PERM: "没有访问权限",
    sqlite3.SQLITE_AUTH: "没有访问权限", sqlite3.SQLITE_RANGE: "内容超出范围",
    sqlite3.SQLITE_CONSTRAINT: "内容违反了约束（重复或引用不一致）",
    sqlite3.SQLITE_MISMATCH: "内容的类型不对", sqlite3.SQLITE_SCHEMA: "文件结构在读取时被改动",
}
MAX_LINE = 300


def one_line(text: str) -> str:
    """Text as one printable line: breaks become spaces, control characters dropped, kept short."""
    text = " ".join(re.split(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+", text))
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def os_reason(exc: OSError) -> str:
    """What an operating-system error means, without the file's name."""
    if exc.errno in ERRNO_WORDS:
        return ERRNO_WORDS[exc.errno]
    return f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误"


def sqlite_reason(exc: sqlite3.Error) -> str:
    """What a SQLite error means, in Chinese."""
    text = str(exc)
    for key, words in _SQLITE_TEXT:
        if key in text:
            return words
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    return "文件内容有误或无法读写"


def reason(exc: BaseException) -> str:
    """Any error met while reading or writing a file, as a short Chinese phrase."""
    if isinstance(exc, sqlite3.Error):
        return sqlite_reason(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "内容中含有无法识别的字符"
    return one_line(str(exc))[:160]
