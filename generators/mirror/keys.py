"""Every key the mirror reads, writes or deletes is checked here first: a tampered catalogue
field (a path, the date) must not reach outside the repository's target."""

from __future__ import annotations

import re

from generators.mirror.errors import UnsafeKey

MAX_BYTES = 1024
"""S3's limit on a key; a file:// repository keeps to it too, so both lay out the same."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def key_problem(key: object) -> str | None:
    """Why `key` is not a normalised relative POSIX path (in Vietnamese), or None."""
    if not isinstance(key, str) or not key:
        return "rỗng"
    if "\\" in key:
        return "có dấu gạch ngược \\"
    if _CONTROL.search(key):
        return "có ký tự điều khiển"
    if key.startswith("/"):
        return "là đường dẫn tuyệt đối"
    parts = key.split("/")
    if "" in parts:
        return "có đoạn rỗng (// hoặc / ở cuối)"
    if any(part in (".", "..") for part in parts):
        return "có đoạn . hoặc .."
    if len(key.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return f"dài quá {MAX_BYTES} byte"
    return None


def check_key(key: str, label: str) -> str:
    """`key` itself, or UnsafeKey naming the target `label` and what is wrong."""
    problem = key_problem(key)
    if problem is not None:
        raise UnsafeKey(f"{label}: khóa {key!r} không an toàn ({problem}) — có thể danh mục "
                        "catalogue.json đã bị sửa; chưa gửi gì")
    return key


def check_prefix(prefix: str, label: str) -> str:
    """A listing prefix: empty, or a safe key followed by `/`."""
    if prefix:
        check_key(prefix[:-1] if prefix.endswith("/") else prefix, label)
    return prefix
