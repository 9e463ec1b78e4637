"""Vietnamese text normalisation for speech: one table of exact expectations, plus properties."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from generators.speech.normalize import expand_abbreviations, normalize, number_to_words

ROOT = Path(__file__).resolve().parents[2]
LEXICON: dict[str, str] = yaml.safe_load((ROOT / "audiobooks" / "lexicon.yml").read_text("utf-8"))

Y2025 = "hai nghìn không trăm hai mươi lăm"

# (category, written, spoken). The categories keep the table readable and let
# NORMALISATION.md report per-area pass counts for the packages that were evaluated.
CASES: list[tuple[str, str, str]] = [
    # cardinals
    ("cardinal", "0", "không"),
    ("cardinal", "5", "năm"),
    ("cardinal", "10", "mười"),
    ("cardinal", "11", "mười một"),
    ("cardinal", "14", "mười bốn"),
    ("cardinal", "15", "mười lăm"),
    ("cardinal", "20", "hai mươi"),
    ("cardinal", "21", "hai mươi mốt"),
    ("cardinal", "24", "hai mươi tư"),
    ("cardinal", "25", "hai mươi lăm"),
    ("cardinal", "31", "ba mươi mốt"),
    ("cardinal", "44", "bốn mươi tư"),
    ("cardinal", "55", "năm mươi lăm"),
    ("cardinal", "99", "chín mươi chín"),
    ("cardinal", "100", "một trăm"),
    ("cardinal", "101", "một trăm linh một"),
    ("cardinal", "104", "một trăm linh bốn"),
    ("cardinal", "105", "một trăm linh năm"),
    ("cardinal", "110", "một trăm mười"),
    ("cardinal", "111", "một trăm mười một"),
    ("cardinal", "115", "một trăm mười lăm"),
    ("cardinal", "121", "một trăm hai mươi mốt"),
    ("cardinal", "999", "chín trăm chín mươi chín"),
    ("cardinal", "1000", "một nghìn"),
    ("cardinal", "1.000", "một nghìn"),
    ("cardinal", "1.001", "một nghìn không trăm linh một"),
    ("cardinal", "1.010", "một nghìn không trăm mười"),
    ("cardinal", "1.100", "một nghìn một trăm"),
    ("cardinal", "2.500", "hai nghìn năm trăm"),
    ("cardinal", "10.000", "mười nghìn"),
    ("cardinal", "15.000", "mười lăm nghìn"),
    ("cardinal", "21.000", "hai mươi mốt nghìn"),
    ("cardinal", "100.000", "một trăm nghìn"),
    ("cardinal", "1.000.000", "một triệu"),
    ("cardinal", "1000000", "một triệu"),
    ("cardinal", "1.005.000", "một triệu không trăm linh năm nghìn"),
    ("cardinal", "1.000.005", "một triệu không trăm linh năm"),
    ("cardinal", "2.345.678", "hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám"),
    ("cardinal", "1.000.000.000", "một tỷ"),
    ("cardinal", "1.500.000.000", "một tỷ năm trăm triệu"),
    ("cardinal", "1.000.000.000.000", "một nghìn tỷ"),
    ("cardinal", "05 ngày làm việc", "năm ngày làm việc"),
    ("cardinal", "trong 03 tháng", "trong ba tháng"),
    ("cardinal", "có 2 bản", "có hai bản"),
    # decimals and section numbers
    ("decimal", "2,5", "hai phẩy năm"),
    ("decimal", "0,25", "không phẩy hai mươi lăm"),
    ("decimal", "2,05", "hai phẩy không năm"),
    ("decimal", "1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
    ("decimal", "3,14159", "ba phẩy một bốn một năm chín"),
    ("decimal", "mục 2.5", "mục hai chấm năm"),
    ("decimal", "1.2.3", "một chấm hai chấm ba"),
    ("decimal", "tiểu mục 1.1.", "tiểu mục một chấm một."),
    ("decimal", "khoản 1, 2 và 3", "khoản một, hai và ba"),
    # years
    ("year", "năm 2025", "năm " + Y2025),
    ("year", "năm 2019", "năm hai nghìn không trăm mười chín"),
    ("year", "năm 2000", "năm hai nghìn"),
    ("year", "năm 2005", "năm hai nghìn không trăm linh năm"),
    ("year", "năm 1945", "năm một nghìn chín trăm bốn mươi lăm"),
    ("year", "năm 1999", "năm một nghìn chín trăm chín mươi chín"),
    # dates
    ("date", "15/4/2025", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "ngày 15/4/2025", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "ngày 01/7/2025", "ngày một tháng bảy năm " + Y2025),
    ("date", "ngày 31/12/2024",
     "ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("date", "Ngày 1/1/2026", "Ngày một tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("date", "15-4-2025", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "15.4.2025", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "2025-04-15", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "ngày 15 tháng 4 năm 2025", "ngày mười lăm tháng tư năm " + Y2025),
    ("date", "ngày 24 tháng 11 năm 2021",
     "ngày hai mươi tư tháng mười một năm hai nghìn không trăm hai mươi mốt"),
    ("date", "Hà Nội, ngày 05 tháng 3 năm 2024",
     "Hà Nội, ngày năm tháng ba năm hai nghìn không trăm hai mươi tư"),
    ("date", "tháng 4", "tháng tư"),
    ("date", "tháng 04/2025", "tháng tư năm " + Y2025),
    ("date", "12/2024", "tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("date", "ngày 30/4", "ngày ba mươi tháng tư"),
    ("date", "từ 1/7", "từ ngày một tháng bảy"),
    ("date", "dịp 2/9", "dịp ngày hai tháng chín"),
    ("date", "nghỉ lễ 30/4 và 1/5", "nghỉ lễ ngày ba mươi tháng tư và ngày một tháng năm"),
    ("date", "3 tháng 4 ngày", "ba tháng bốn ngày"),
    ("date", "từ ngày 01/01/2025 đến ngày 31/12/2025",
     "từ ngày một tháng một năm " + Y2025 + " đến ngày ba mươi mốt tháng mười hai năm "
     + Y2025),
    # fractions
    ("fraction", "1/2", "một phần hai"),
    ("fraction", "3/4", "ba phần tư"),
    ("fraction", "2/3 số thành viên", "hai phần ba số thành viên"),
    ("fraction", "giảm 1/10", "giảm một phần mười"),
    # clock times
    ("time", "8h30", "tám giờ ba mươi phút"),
    ("time", "14h", "mười bốn giờ"),
    ("time", "07h00", "bảy giờ"),
    ("time", "14:30", "mười bốn giờ ba mươi phút"),
    ("time", "trong 24h", "trong hai mươi tư giờ"),
    ("time", "từ 8h - 17h", "từ tám giờ đến mười bảy giờ"),
    # percentages
    ("percent", "15%", "mười lăm phần trăm"),
    ("percent", "2,5%", "hai phẩy năm phần trăm"),
    ("percent", "100 %", "một trăm phần trăm"),
    ("percent", "10-15%", "mười đến mười lăm phần trăm"),
    ("percent", "tăng 0,5%.", "tăng không phẩy năm phần trăm."),
    ("percent", "5‰", "năm phần nghìn"),
    # money
    ("money", "5.000.000 đồng", "năm triệu đồng"),
    ("money", "5.000.000đ", "năm triệu đồng"),
    ("money", "500.000 đ", "năm trăm nghìn đồng"),
    ("money", "5.000.000 VNĐ", "năm triệu Việt Nam đồng"),
    ("money", "5.000.000VNĐ", "năm triệu Việt Nam đồng"),
    ("money", "200.000 VND", "hai trăm nghìn Việt Nam đồng"),
    ("money", "50₫", "năm mươi đồng"),
    ("money", "1,5 tỷ đồng", "một phẩy năm tỷ đồng"),
    ("money", "20 triệu đồng", "hai mươi triệu đồng"),
    ("money", "100.000 đồng/người", "một trăm nghìn đồng mỗi người"),
    ("money", "5.000.000 đồng/tháng", "năm triệu đồng mỗi tháng"),
    ("money", "100 USD", "một trăm đô la Mỹ"),
    ("money", "từ 2.000.000 đồng đến 3.000.000 đồng", "từ hai triệu đồng đến ba triệu đồng"),
    # ordinals
    ("ordinal", "thứ 2", "thứ hai"),
    ("ordinal", "thứ 4", "thứ tư"),
    ("ordinal", "thứ 1", "thứ nhất"),
    ("ordinal", "Thứ 7", "Thứ bảy"),
    ("ordinal", "lần thứ 3", "lần thứ ba"),
    ("ordinal", "lần thứ 14", "lần thứ mười bốn"),
    ("ordinal", "từ thứ 2 đến thứ 6", "từ thứ hai đến thứ sáu"),
    ("ordinal", "Đại hội lần thứ XIII", "Đại hội lần thứ mười ba"),
    ("ordinal", "lần thứ IV", "lần thứ tư"),
    # headings and Roman numerals
    ("roman", "I. Mục đích", "Một. Mục đích"),
    ("roman", "II. Nội dung", "Hai. Nội dung"),
    ("roman", "IV. Tổ chức thực hiện", "Bốn. Tổ chức thực hiện"),
    ("roman", "IX. Kinh phí", "Chín. Kinh phí"),
    ("roman", "XII. Điều khoản thi hành", "Mười hai. Điều khoản thi hành"),
    ("roman", "Mở đầu\nIII. Giải pháp", "Mở đầu\nBa. Giải pháp"),
    ("roman", "## V. Hiệu lực", "## Năm. Hiệu lực"),
    ("roman", "Chương II", "Chương hai"),
    ("roman", "CHƯƠNG IV. QUY ĐỊNH CHUNG", "CHƯƠNG bốn. QUY ĐỊNH CHUNG"),
    ("roman", "Phần I", "Phần một"),
    ("roman", "Quốc hội khóa XV", "Quốc hội khóa mười lăm"),
    ("roman", "Đại hội XIII", "Đại hội mười ba"),
    ("roman", "1. Phạm vi điều chỉnh", "Một. Phạm vi điều chỉnh"),
    ("roman", "Phần A", "Phần A"),
    # document numbers
    ("document", "766/QĐ-TTg",
     "số bảy trăm sáu mươi sáu quyết định của Thủ tướng Chính phủ"),
    ("document", "Quyết định số 766/QĐ-TTg",
     "Quyết định số bảy trăm sáu mươi sáu quyết định của Thủ tướng Chính phủ"),
    ("document", "45/2019/QH14",
     "số bốn mươi lăm năm hai nghìn không trăm mười chín Quốc hội mười bốn"),
    ("document", "Bộ luật Lao động số 45/2019/QH14",
     "Bộ luật Lao động số bốn mươi lăm năm hai nghìn không trăm mười chín Quốc hội mười bốn"),
    ("document", "145/2020/NĐ-CP",
     "số một trăm bốn mươi lăm năm hai nghìn không trăm hai mươi nghị định của Chính phủ"),
    ("document", "Nghị định 100/2019/NĐ-CP",
     "Nghị định số một trăm năm hai nghìn không trăm mười chín nghị định của Chính phủ"),
    ("document", "54/KH-UBND", "số năm mươi tư kế hoạch của Ủy ban nhân dân"),
    ("document", "Số: 54/KH-UBND", "Số: năm mươi tư kế hoạch của Ủy ban nhân dân"),
    ("document", "01/2021/TT-BTP",
     "số một năm hai nghìn không trăm hai mươi mốt thông tư của Bộ Tư pháp"),
    ("document", "30/2023/QH15",
     "số ba mươi năm hai nghìn không trăm hai mươi ba Quốc hội mười lăm"),
    ("document", "12/QĐ-BTC", "số mười hai quyết định của Bộ Tài chính"),
    ("document", "Nghị quyết số 27/NQ-CP", "Nghị quyết số hai mươi bảy nghị quyết của Chính phủ"),
    ("document", "Nghị quyết 18-NQ/TW", "Nghị quyết số mười tám nghị quyết của Trung ương"),
    ("document", "04/2014/TTLT-BTP-BCA", "số bốn năm hai nghìn không trăm mười bốn "
     "thông tư liên tịch của Bộ Tư pháp và Bộ Công an"),
    ("document", "1234/UBND-VX", "số một nghìn hai trăm ba mươi tư Ủy ban nhân dân VX"),
    # article, clause and point references
    ("reference", "Điều 46", "Điều bốn mươi sáu"),
    ("reference", "khoản 2", "khoản hai"),
    ("reference", "Điều 4", "Điều bốn"),
    ("reference", "Điều 14", "Điều mười bốn"),
    ("reference", "Điều 105", "Điều một trăm linh năm"),
    ("reference", "Điều 221", "Điều hai trăm hai mươi mốt"),
    ("reference", "điểm a", "điểm a"),
    ("reference", "điểm b", "điểm bê"),
    ("reference", "điểm c", "điểm xê"),
    ("reference", "điểm d", "điểm dê"),
    ("reference", "điểm đ", "điểm đê"),
    ("reference", "điểm e", "điểm e"),
    ("reference", "điểm g", "điểm giê"),
    ("reference", "điểm h", "điểm hát"),
    ("reference", "điểm i", "điểm i"),
    ("reference", "điểm k", "điểm ca"),
    ("reference", "điểm a khoản 1 Điều 5", "điểm a khoản một Điều năm"),
    ("reference", "điểm b, c và d khoản 2 Điều 6", "điểm bê, xê và dê khoản hai Điều sáu"),
    ("reference", "điểm đ khoản 1 Điều 134 Bộ luật Hình sự",
     "điểm đê khoản một Điều một trăm ba mươi tư Bộ luật Hình sự"),
    ("reference", "Điểm c hoặc đ", "Điểm xê hoặc đê"),
    ("reference", "khoản 1,2 Điều 3", "khoản một, hai Điều ba"),
    ("reference", "a) Quyền của công dân", "a) Quyền của công dân"),
    ("reference", "b) Nghĩa vụ", "bê) Nghĩa vụ"),
    ("reference", "đ) Các trường hợp khác", "đê) Các trường hợp khác"),
    ("reference", "điểm tuyển sinh", "điểm tuyển sinh"),
    # ranges
    ("range", "2025 - 2030", Y2025 + " đến hai nghìn không trăm ba mươi"),
    ("range", "2025–2027", Y2025 + " đến hai nghìn không trăm hai mươi bảy"),
    ("range", "giai đoạn 2021-2025",
     "giai đoạn hai nghìn không trăm hai mươi mốt đến " + Y2025),
    ("range", "từ 5 - 10 triệu đồng", "từ năm đến mười triệu đồng"),
    ("range", "Điều 5 — 7", "Điều năm đến bảy"),
    ("range", "từ 15/4/2025 - 20/4/2025",
     "từ ngày mười lăm tháng tư năm " + Y2025 + " đến ngày hai mươi tháng tư năm " + Y2025),
    ("range", "Hà Nội – Hải Phòng", "Hà Nội – Hải Phòng"),
    # units
    ("unit", "100 km", "một trăm ki lô mét"),
    ("unit", "50 km/h", "năm mươi ki lô mét trên giờ"),
    ("unit", "60km/h", "sáu mươi ki lô mét trên giờ"),
    ("unit", "120 m²", "một trăm hai mươi mét vuông"),
    ("unit", "120 m2", "một trăm hai mươi mét vuông"),
    ("unit", "2 m³", "hai mét khối"),
    ("unit", "2 ha", "hai héc ta"),
    ("unit", "50 kg", "năm mươi ki lô gam"),
    ("unit", "500 ml", "năm trăm mi li lít"),
    ("unit", "5 m", "năm mét"),
    ("unit", "1.500 m", "một nghìn năm trăm mét"),
    ("unit", "50 cm3", "năm mươi xen ti mét khối"),
    ("unit", "30°C", "ba mươi độ xê"),
    ("unit", "3 tấn", "ba tấn"),
    ("unit", "0,25 mg/l", "không phẩy hai mươi lăm mi li gam trên lít"),
    ("unit", "80 mg/100 ml máu", "tám mươi mi li gam trên một trăm mi li lít máu"),
    ("unit", "0,25 miligam/1 lít khí thở",
     "không phẩy hai mươi lăm miligam trên một lít khí thở"),
    ("unit", "5-10 km", "năm đến mười ki lô mét"),
    # phone numbers
    ("phone", "0912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("phone", "0912345678", "không chín một hai ba bốn năm sáu bảy tám"),
    ("phone", "0912.345.678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("phone", "024 3825 3825", "không hai bốn, ba tám hai năm, ba tám hai năm"),
    ("phone", "+84 912 345 678", "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
    ("phone", "1900 1234", "một chín không không, một hai ba bốn"),
    ("phone", "Tổng đài: 1800 1567", "Tổng đài: một tám không không, một năm sáu bảy"),
    ("phone", "gọi 113", "gọi một một ba"),
    ("phone", "Gọi ngay 113, 114 hoặc 115.", "Gọi ngay một một ba, một một bốn hoặc một một năm."),
    ("phone", "đường dây nóng 111", "đường dây nóng một một một"),
    ("phone", "gọi Tổng đài quốc gia bảo vệ trẻ em **111** (miễn phí)",
     "gọi Tổng đài quốc gia bảo vệ trẻ em **một một một** (miễn phí)"),
    ("phone", "Trường hợp khẩn cấp, gọi **113**.", "Trường hợp khẩn cấp, gọi **một một ba**."),
    ("phone", "gọi điện 3 lần", "gọi điện ba lần"),
    ("phone", "Điều 113", "Điều một trăm mười ba"),
    # web and e-mail addresses
    ("address", "https://pbgdpl.gov.vn", "pbgdpl chấm gov chấm vê en"),
    ("address", "Xem tại https://moj.gov.vn/van-ban.",
     "Xem tại moj chấm gov chấm vê en gạch chéo van gạch ngang ban."),
    ("address", "www.chinhphu.vn", "vê kép vê kép vê kép chấm chinhphu chấm vê en"),
    ("address", "chinhphu.vn", "chinhphu chấm vê en"),
    ("address", "vbpl.vn/tw/Pages/home.aspx",
     "vbpl chấm vê en gạch chéo tw gạch chéo Pages gạch chéo home chấm aspx"),
    ("address", "http://example.com/a_b?id=12",
     "example chấm com gạch chéo a gạch dưới b dấu hỏi id bằng một hai"),
    ("address", "lienhe@moj.gov.vn", "lienhe a còng moj chấm gov chấm vê en"),
    ("address", "Gửi thư tới tiep.dan@hanoi.gov.vn.",
     "Gửi thư tới tiep chấm dan a còng hanoi chấm gov chấm vê en."),
    ("address", "user2025@gmail.com", "user hai không hai năm a còng gmail chấm com"),
    # abbreviations from the lexicon
    ("abbreviation", "UBND xã", "Ủy ban nhân dân xã"),
    ("abbreviation", "HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("abbreviation", "MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("abbreviation", "MTTQ", "Mặt trận Tổ quốc"),
    ("abbreviation", "công tác PBGDPL", "công tác phổ biến, giáo dục pháp luật"),
    ("abbreviation", "TAND, VKSND", "Tòa án nhân dân, Viện kiểm sát nhân dân"),
    ("abbreviation", "CAND", "Công an nhân dân"),
    ("abbreviation", "UBMTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("abbreviation", "Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("abbreviation", "Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("abbreviation", "Bộ LĐTBXH", "Bộ Lao động, Thương binh và Xã hội"),
    ("abbreviation", "BCH Đoàn", "Ban Chấp hành Đoàn"),
    ("abbreviation", "TP.HCM", "Thành phố Hồ Chí Minh"),
    ("abbreviation", "TP Hà Nội", "thành phố Hà Nội"),
    ("abbreviation", "CCCD gắn chip", "căn cước công dân gắn chip"),
    ("abbreviation", "ubnd", "ubnd"),
    ("abbreviation", "UBNDX", "UBNDX"),
    # whole sentences
    ("sentence",
     "Theo khoản 2 Điều 6 Nghị định 100/2019/NĐ-CP, mức phạt từ 4.000.000 đồng đến "
     "6.000.000 đồng.",
     "Theo khoản hai Điều sáu Nghị định số một trăm năm hai nghìn không trăm mười chín "
     "nghị định của Chính phủ, mức phạt từ bốn triệu đồng đến sáu triệu đồng."),
    ("sentence", "UBND tỉnh ban hành Kế hoạch số 54/KH-UBND ngày 15/4/2025.",
     "Ủy ban nhân dân tỉnh ban hành Kế hoạch số năm mươi tư kế hoạch của Ủy ban nhân dân "
     "ngày mười lăm tháng tư năm " + Y2025 + "."),
    ("sentence", "Nồng độ cồn vượt quá 0,4 miligam/1 lít khí thở thì bị phạt 30-40 triệu đồng.",
     "Nồng độ cồn vượt quá không phẩy bốn miligam trên một lít khí thở thì bị phạt ba mươi "
     "đến bốn mươi triệu đồng."),
    ("sentence", "Chạy quá tốc độ từ 10 km/h đến 20 km/h.",
     "Chạy quá tốc độ từ mười ki lô mét trên giờ đến hai mươi ki lô mét trên giờ."),
    ("sentence", "Người lao động nghỉ 5 ngày, hưởng 100% lương.",
     "Người lao động nghỉ năm ngày, hưởng một trăm phần trăm lương."),
]


@pytest.mark.parametrize(("written", "spoken"), [(w, s) for _, w, s in CASES],
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_normalize_table(written: str, spoken: str) -> None:
    assert normalize(written, LEXICON) == spoken


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize(("n", "words"), [
    (0, "không"), (21, "hai mươi mốt"), (105, "một trăm linh năm"), (-7, "âm bảy"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (2_000_000_000_000, "hai nghìn tỷ"),
])
def test_number_to_words(n: int, words: str) -> None:
    assert number_to_words(n) == words


def test_longest_abbreviation_wins() -> None:
    lexicon = {"QĐ": "quyết định", "QĐ-TTg": "quyết định của Thủ tướng",
               "MTTQ": "Mặt trận Tổ quốc", "MTTQVN": "Mặt trận Tổ quốc Việt Nam"}
    assert expand_abbreviations("QĐ-TTg, QĐ và MTTQVN, MTTQ", lexicon) == (
        "quyết định của Thủ tướng, quyết định và Mặt trận Tổ quốc Việt Nam, Mặt trận Tổ quốc")


def test_abbreviations_are_whole_words_and_case_sensitive() -> None:
    lexicon = {"UBND": "Ủy ban nhân dân"}
    assert normalize("UBND, UBNDX, XUBND, Ubnd, (UBND).", lexicon) == (
        "Ủy ban nhân dân, UBNDX, XUBND, Ubnd, (Ủy ban nhân dân).")


def test_spoken_forms_are_not_expanded_again() -> None:
    assert normalize("TP", {"TP": "thành phố TP", "TPP": "x"}) == "thành phố TP"


def test_decomposed_input_gives_composed_output() -> None:
    written = unicodedata.normalize("NFD", "Điều 24 Luật Đất đai: UBND xã quyết định.")
    spoken = normalize(written, LEXICON)
    assert spoken == "Điều hai mươi tư Luật Đất đai: Ủy ban nhân dân xã quyết định."
    assert unicodedata.is_normalized("NFC", spoken)


def test_decomposed_lexicon_keys_still_match() -> None:
    lexicon = {unicodedata.normalize("NFD", "HĐND"): unicodedata.normalize("NFD", "Hội đồng")}
    assert normalize("HĐND", lexicon) == "Hội đồng"


PLAIN = [
    "Người dân có quyền được thông tin về pháp luật.",
    "Hòa giải ở cơ sở là việc hòa giải viên hướng dẫn, giúp đỡ các bên đạt được thỏa thuận.",
    "Mọi người đều bình đẳng trước pháp luật!\nKhông ai bị bắt nếu không có quyết định?",
    "  Thứ nhất, tôn trọng; thứ hai — tự nguyện (không ép buộc).  ",
    "Hà Nội – Hải Phòng, điểm tuyển sinh, và/hoặc người đại diện.",
]


@pytest.mark.parametrize("text", PLAIN)
def test_text_without_numbers_or_abbreviations_is_unchanged(text: str) -> None:
    assert normalize(text, LEXICON) == text


@pytest.mark.parametrize("text", [*PLAIN, *(s for _, _, s in CASES)])
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text, LEXICON)
    assert normalize(once, LEXICON) == once


def test_output_has_no_digits_left() -> None:
    for _, written, _ in CASES:
        assert not any(c.isdigit() for c in normalize(written, LEXICON)), written


def test_empty_lexicon_leaves_abbreviations() -> None:
    assert normalize("UBND cấp 2 bản", {}) == "UBND cấp hai bản"
