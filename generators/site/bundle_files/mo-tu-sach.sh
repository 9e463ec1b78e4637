#!/bin/sh
# Mở Tủ sách pháp luật số trên Linux: chạy máy chủ web nhỏ mo_tu_sach.py bằng Python 3.
# Cách chạy: mở Terminal trong thư mục này rồi gõ   sh mo-tu-sach.sh
# (thêm --lan để điện thoại cùng mạng Wi-Fi cũng mở được).
cd "$(dirname "$0")" || exit 1

for python in python3 python; do
    if command -v "$python" >/dev/null 2>&1 &&
        "$python" -c 'import sys; sys.exit(sys.version_info < (3, 8))' >/dev/null 2>&1; then
        exec "$python" mo_tu_sach.py "$@"
    fi
done

echo "Máy này chưa có Python 3 (cần bản 3.8 trở lên) để mở tủ sách."
echo "Cài Python 3 rồi chạy lại tệp này:"
echo "  - Debian, Ubuntu, Linux Mint:  sudo apt install python3"
echo "  - Fedora:                       sudo dnf install python3"
echo "Máy không có mạng: chép gói cài Python 3 từ máy khác bằng USB."
echo "Trong lúc chờ, vẫn đọc được từng trang bằng cách mở trang/index.html trong trình duyệt,"
echo "nhưng tìm kiếm và một số liên kết sẽ không hoạt động."
if [ -t 0 ]; then
    printf "Nhấn Enter để đóng cửa sổ này. "
    read -r _
fi
exit 1
