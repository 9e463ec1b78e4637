"""generators/collector/privacy.py: what is masked in free text, and what is not."""

from __future__ import annotations

import pytest

from generators.collector.privacy import mask


@pytest.mark.parametrize(("text", "expected"), [
    ("Gọi 0912 345 678 hoặc +84 912.345.678", "Gọi [số điện thoại] hoặc [số điện thoại]"),
    ("sđt0912-345-678.", "sđt[số điện thoại]."),
    ("(+84) 912 345 678", "[số điện thoại]"),
    ("máy bàn 024 3825 1234", "máy bàn [số điện thoại]"),
    ("CCCD 001099012345, CMND 123456789", "CCCD [số giấy tờ], CMND [số giấy tờ]"),
    ("CCCD 001 099 012 345", "CCCD [số giấy tờ]"),
    ("thư an.nguyen+hoi@so-tu-phap.gov.vn nhé", "thư [email] nhé"),
])
def test_masked(text, expected) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "phạt 100.000.000 đồng, 1.000.000.000 đồng", "Điều 20 Bộ luật Lao động 2019",
    "Nghị định 45/2019/QH14", "mã 0123456789012", "ngày 01/12/2026", "lương 5.000.000 đồng",
])
def test_left_alone(text) -> None:
    assert mask(text) == text
