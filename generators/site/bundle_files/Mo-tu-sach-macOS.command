#!/bin/sh
# Mở Tủ sách pháp luật số trên macOS: nhấp đúp tệp này (lần đầu: chuột phải → Mở).
# Tệp chạy máy chủ web nhỏ mo_tu_sach.py bằng Python 3 rồi mở trình duyệt.
cd "$(dirname "$0")" || exit 1

for python in python3 python; do
    if command -v "$python" >/dev/null 2>&1 &&
        "$python" -c 'import sys; sys.exit(sys.version_info < (3, 8))' >/dev/null 2>&1; then
        exec "$python" mo_tu_sach.py "$@"
    fi
done

echo "Máy Mac này chưa có Python 3 (cần bản 3.8 trở lên) để mở tủ sách."
echo "Cách cài (chỉ cần làm một lần):"
echo "  - Tải bộ cài Python cho macOS từ python.org (trên máy có mạng, chép sang bằng USB),"
echo "    nhấp đúp để cài, rồi nhấp đúp lại tệp Mo-tu-sach-macOS.command này; hoặc"
echo "  - Nếu máy có mạng: mở Terminal, gõ  xcode-select --install  rồi làm theo hướng dẫn."
echo "Trong lúc chờ, vẫn đọc được từng trang bằng cách mở trang/index.html trong trình duyệt,"
echo "nhưng tìm kiếm và một số liên kết sẽ không hoạt động."
exit 1
