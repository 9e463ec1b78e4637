"""`content/_data/routing.yml`: which agency answers citizens' questions on each field.

```yaml
lao-dong:                      # a key of fields.yml
  agency: Sở Nội vụ            # required
  email: sonoivu@example.gov.vn
  phone: "0292 3820 000"       # in quotes: a number would lose its leading 0
default:                       # optional: every field without its own entry
  agency: Sở Tư pháp
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from pathlib import Path

from generators.errors import Problems
from generators.library.files import read_yaml
from generators.library.model import Route
from generators.library.schema import Key, check_mapping

DEFAULT_ROUTE = "default"
"""The entry for every field that has none of its own."""
_ROUTE = {"agency": Key(str, required=True, max_len=200), "email": Key(str, max_len=200),
          "phone": Key(str, max_len=50)}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,}$")


def load_routing(data_dir: Path, root: Path, fields: Set[str] | None,
                 problems: Problems) -> dict[str, Route]:
    """Every valid route by field key (and `default`); each problem at its line.

    `fields` are the known field keys; None when fields.yml could not be read (then keys are
    not checked: that file's own error says why). Without the file, no routes.
    """
    file = data_dir / "routing.yml"
    if not file.is_file():
        return {}
    rel = file.relative_to(root).as_posix()
    doc = read_yaml(file, root, problems)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.error(rel, doc.first_line, f"{rel} phải là một bảng 'lĩnh vực: cơ quan'",
                       "xem mẫu ở đầu tệp routing.yml trong bộ khởi đầu")
        return {}
    out: dict[str, Route] = {}
    for raw_key, value in doc.data.items():
        key = str(raw_key)
        line = doc.line(raw_key)
        if key != DEFAULT_ROUTE and fields is not None and key not in fields:
            problems.error(rel, line, f"lĩnh vực '{key}' không có trong fields.yml",
                           "dùng khóa của content/_data/fields.yml, hoặc 'default'")
            continue
        what = f"cơ quan của '{key}'"
        if isinstance(value, dict) and isinstance(value.get("phone"), int | float):
            problems.error(rel, doc.line(raw_key, "phone"),
                           f"{what}: 'phone' phải là chuỗi, không phải một số",
                           'viết phone: "0292 3820 000" (trong ngoặc kép, giữ số 0 đầu)')
            continue
        clean = check_mapping(doc, (raw_key,), value, _ROUTE, rel, problems, what)
        if clean is None:
            continue
        email, phone = clean.get("email"), clean.get("phone")
        if email and not _EMAIL.match(email):
            problems.error(rel, doc.line(raw_key, "email"), f"{what}: email '{email}' không "
                           "hợp lệ", "viết email: ten@co-quan.gov.vn")
            continue
        if phone and not _PHONE.match(phone):
            problems.error(rel, doc.line(raw_key, "phone"), f"{what}: số điện thoại "
                           f"'{phone}' không hợp lệ", "chỉ dùng chữ số, dấu cách, dấu chấm, "
                           "dấu gạch ngang, ngoặc đơn và dấu + ở đầu")
            continue
        out[key] = Route(key, clean["agency"], email or None, phone or None)
    return out


def route_for(routing: Mapping[str, Route], field: str | None) -> Route | None:
    """The agency that answers `field`: its own, else the default, else None."""
    own = routing.get(field) if field and field != DEFAULT_ROUTE else None
    return own or routing.get(DEFAULT_ROUTE)
