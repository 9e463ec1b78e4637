# Mở Tủ sách pháp luật số trên Windows khi máy không có Python.
# Một máy chủ web nhỏ (System.Net.HttpListener) cho thư mục "trang" bên cạnh tệp này, vì tìm
# kiếm không hoạt động khi mở tệp trực tiếp (file://). Windows PowerShell 5.1 trở lên.
# Thường được Mo-tu-sach-Windows.bat gọi; chạy tay:
#   powershell -NoProfile -ExecutionPolicy Bypass -File mo-tu-sach.ps1 [-Port 8080] [-NoBrowser]
param([int]$Port = 8080, [switch]$NoBrowser)

$ErrorActionPreference = 'Stop'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }

$root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot 'trang'))
$rootPrefix = $root.TrimEnd('\') + '\'
if (-not [System.IO.File]::Exists((Join-Path $root 'index.html'))) {
    Write-Host "Không thấy thư mục 'trang' bên cạnh tệp này."
    Write-Host 'Hãy giải nén TOÀN BỘ tệp zip (chuột phải → Extract All / Giải nén tất cả) rồi chạy lại.'
    exit 1
}

# Our own map: the registry's can be wrong (.js as text/plain), and browsers then refuse it.
$mime = @{
    '.html' = 'text/html; charset=utf-8'; '.htm' = 'text/html; charset=utf-8'
    '.css' = 'text/css; charset=utf-8'; '.js' = 'text/javascript; charset=utf-8'
    '.mjs' = 'text/javascript; charset=utf-8'; '.json' = 'application/json'
    '.map' = 'application/json'; '.webmanifest' = 'application/manifest+json'
    '.xml' = 'application/xml'; '.txt' = 'text/plain; charset=utf-8'
    '.vtt' = 'text/vtt; charset=utf-8'; '.wasm' = 'application/wasm'
    '.pagefind' = 'application/octet-stream'; '.pf_meta' = 'application/octet-stream'
    '.pf_fragment' = 'application/octet-stream'; '.pf_index' = 'application/octet-stream'
    '.pf_filter' = 'application/octet-stream'; '.svg' = 'image/svg+xml'
    '.png' = 'image/png'; '.jpg' = 'image/jpeg'; '.jpeg' = 'image/jpeg'; '.gif' = 'image/gif'
    '.webp' = 'image/webp'; '.avif' = 'image/avif'; '.ico' = 'image/x-icon'
    '.woff2' = 'font/woff2'; '.woff' = 'font/woff'; '.ttf' = 'font/ttf'
    '.mp3' = 'audio/mpeg'; '.ogg' = 'audio/ogg'; '.opus' = 'audio/ogg'; '.m4a' = 'audio/mp4'
    '.mp4' = 'video/mp4'; '.webm' = 'video/webm'; '.epub' = 'application/epub+zip'
    '.pdf' = 'application/pdf'; '.zip' = 'application/zip'
}
# The security headers of the site's _headers, written by the build beside this file.
$security = $null
$securityFile = Join-Path $PSScriptRoot 'headers.json'
if ([System.IO.File]::Exists($securityFile)) {
    try {
        $security = [System.IO.File]::ReadAllText($securityFile, [System.Text.Encoding]::UTF8) | ConvertFrom-Json
    } catch { $security = $null }
}
$devices = @('CON', 'PRN', 'AUX', 'NUL') + (0..9 | ForEach-Object { "COM$_"; "LPT$_" })

function Resolve-SitePath([string]$urlPath) {
    # The file or folder under $root named by the (still encoded) URL path; $null if it
    # would leave $root.
    try { $path = [System.Uri]::UnescapeDataString($urlPath) } catch { return $null }
    if (-not $path.StartsWith('/')) { return $null }
    $segments = @($path.Split('/') | Where-Object { $_ -ne '' })
    foreach ($segment in $segments) {
        if ($segment -eq '.' -or $segment -eq '..' -or $segment.IndexOfAny([char[]]"\:`0") -ge 0 -or
            $devices -contains $segment.Split('.')[0].ToUpperInvariant()) { return $null }
    }
    try { $full = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($root, ($segments -join '\'))) }
    catch { return $null }
    if (-not ($full.TrimEnd('\') + '\').StartsWith($rootPrefix, [System.StringComparison]::OrdinalIgnoreCase)) {
        return $null
    }
    return $full
}

function Send-Bytes($response, [int]$status, [string]$type, [byte[]]$body, [bool]$sendBody) {
    $response.StatusCode = $status
    $response.ContentType = $type
    $response.ContentLength64 = $body.Length
    if ($sendBody -and $body.Length -gt 0) { $response.OutputStream.Write($body, 0, $body.Length) }
}

function Send-File($request, $response, [string]$file, [bool]$sendBody) {
    $type = $mime[[System.IO.Path]::GetExtension($file).ToLowerInvariant()]
    if (-not $type) { $type = 'application/octet-stream' }
    $stream = [System.IO.File]::OpenRead($file)
    try {
        $size = $stream.Length
        $start = [int64]0
        $end = $size - 1
        $range = $request.Headers['Range']
        if ($range -and -not $request.Headers['If-Range'] -and $range.Trim() -match '^bytes=(\d*)-(\d*)$' -and
            ($Matches[1] -or $Matches[2])) {
            if ($Matches[1]) {
                $start = [int64]$Matches[1]
                if ($Matches[2]) { $end = [Math]::Min([int64]$Matches[2], $size - 1) }
            } else {
                $start = [Math]::Max([int64]0, $size - [int64]$Matches[2])
            }
            if ($start -gt $end) {
                $response.AddHeader('Content-Range', "bytes */$size")
                Send-Bytes $response 416 'text/plain; charset=utf-8' ([byte[]]@()) $sendBody
                return
            }
            $response.StatusCode = 206
            $response.AddHeader('Content-Range', "bytes $start-$end/$size")
        } else {
            $response.StatusCode = 200
        }
        $response.ContentType = $type
        $response.AddHeader('Accept-Ranges', 'bytes')
        # Revalidate every time, so a newer bundle unpacked in the same place shows at once.
        $response.AddHeader('Cache-Control', 'no-cache')
        $left = $end - $start + 1
        $response.ContentLength64 = $left
        if (-not $sendBody) { return }
        [void]$stream.Seek($start, [System.IO.SeekOrigin]::Begin)
        $buffer = New-Object byte[] 65536
        while ($left -gt 0) {
            $read = $stream.Read($buffer, 0, [int][Math]::Min([int64]$buffer.Length, $left))
            if ($read -le 0) { break }
            $response.OutputStream.Write($buffer, 0, $read)
            $left -= $read
        }
    } finally {
        $stream.Dispose()
    }
}

function Send-Response($context) {
    $request = $context.Request
    $response = $context.Response
    if ($security) {
        foreach ($header in $security.PSObject.Properties) { $response.AddHeader($header.Name, [string]$header.Value) }
    }
    $sendBody = $request.HttpMethod -ne 'HEAD'
    if ($sendBody -and $request.HttpMethod -ne 'GET') {
        Send-Bytes $response 405 'text/plain; charset=utf-8' ([byte[]]@()) $false
        return
    }
    $raw = $request.RawUrl
    if (-not $raw.StartsWith('/')) { $raw = $request.Url.PathAndQuery }
    $parts = $raw.Split([char[]]'?', 2)
    $found = Resolve-SitePath $parts[0]
    if ($null -eq $found) {
        Send-Bytes $response 403 'text/plain; charset=utf-8' ([System.Text.Encoding]::UTF8.GetBytes('Không được phép.')) $sendBody
        return
    }
    if ([System.IO.Directory]::Exists($found)) {
        if (-not $parts[0].EndsWith('/')) {
            $location = $parts[0] + '/'
            if ($parts.Length -gt 1) { $location += '?' + $parts[1] }
            $response.RedirectLocation = $location
            Send-Bytes $response 301 'text/plain; charset=utf-8' ([byte[]]@()) $false
            return
        }
        $found = Join-Path $found 'index.html'
    }
    if (-not [System.IO.File]::Exists($found)) {
        $page = Join-Path $root '404.html'
        Send-Bytes $response 404 'text/html; charset=utf-8' ([System.IO.File]::ReadAllBytes($page)) $sendBody
        return
    }
    Send-File $request $response $found $sendBody
}

$listener = $null
for ($candidate = $Port; $candidate -lt $Port + 20; $candidate++) {
    # A "localhost" prefix needs no administrator rights (http://+:port/ would).
    $attempt = New-Object System.Net.HttpListener
    $attempt.Prefixes.Add("http://localhost:$candidate/")
    try {
        $attempt.Start()
        $listener = $attempt
        break
    } catch {
        $attempt.Close()
    }
}
if ($null -eq $listener) {
    Write-Host "Không mở được cổng $Port đến $($Port + 19). Thử: powershell -ExecutionPolicy Bypass -File mo-tu-sach.ps1 -Port 9000"
    exit 1
}

$url = "http://localhost:$candidate/"
Write-Host "Tủ sách pháp luật số đang mở tại: $url"
if ($NoBrowser) {
    Write-Host 'Mở địa chỉ trên trong trình duyệt (Edge, Chrome, Firefox, Cốc Cốc…).'
} else {
    try { Start-Process $url } catch { Write-Host "Không tự mở được trình duyệt: hãy mở $url bằng tay." }
}
Write-Host 'Giữ cửa sổ này mở trong khi đọc. Ctrl+C để dừng.'

try {
    while ($listener.IsListening) {
        $pending = $listener.GetContextAsync()
        # A short wait in a loop, not GetContext(): PowerShell only sees Ctrl+C between calls.
        while (-not $pending.AsyncWaitHandle.WaitOne(500)) { }
        $context = $pending.GetAwaiter().GetResult()
        try {
            Send-Response $context
        } catch {
            # A browser that closed the connection, or a file that vanished: keep serving.
            try { $context.Response.StatusCode = 500 } catch { }
        } finally {
            try { $context.Response.Close() } catch { }
        }
    }
} finally {
    $listener.Stop()
    $listener.Close()
    Write-Host 'Đã dừng tủ sách.'
}
