@echo off
rem Mo Tu sach phap luat so tren Windows: nhap dup tep nay.
rem Dung Python 3 neu may co (py -3 hoac python); neu khong, dung PowerShell co san cua Windows.
rem Messages have no diacritics: cmd.exe reads a .bat in the console's OEM code page.
setlocal
cd /d "%~dp0"
if not exist "trang\index.html" (
    echo Khong thay thu muc "trang" ben canh tep nay.
    echo Hay giai nen TOAN BO tep zip truoc: chuot phai vao tep zip, chon "Extract All" ^(Giai nen tat ca^),
    echo roi nhap dup Mo-tu-sach-Windows.bat trong thu muc vua giai nen.
    pause
    exit /b 1
)

rem The Microsoft Store stub of "python" exits with an error, so each candidate is checked first.
py -3 -c "import sys; sys.exit(sys.version_info < (3, 8))" >nul 2>&1
if not errorlevel 1 (
    py -3 mo_tu_sach.py %*
    goto :end
)
python -c "import sys; sys.exit(sys.version_info < (3, 8))" >nul 2>&1
if not errorlevel 1 (
    python mo_tu_sach.py %*
    goto :end
)

echo Khong co Python: dung PowerShell co san cua Windows.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0mo-tu-sach.ps1"

:end
if errorlevel 1 pause
