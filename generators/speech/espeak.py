"""Offline speech with eSpeak NG: libespeak-ng from the espeakng-loader wheel, via ctypes.

No system espeak-ng is needed. libespeak-ng keeps global state and is not thread-safe, so
calls are serialised by one lock per process. Its wave generator also keeps private
statics (pitch flutter phase, AGC, echo buffer) that no API call resets, not even
espeak_ng_Terminate, so the same text would come out a few samples different depending
on what the process said before. Each synthesize() call therefore loads its own private
copy of the library, initialised afresh and unloaded afterwards (≈ 6 ms): the audio then
depends only on the arguments, whatever the worker, fork or order.
"""

from __future__ import annotations

import _ctypes
import ctypes
import hashlib
import os
import sys
import tempfile
import threading
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from generators.atomic import replacing
from generators.errors import EngineError

VIETNAMESE_VOICES = ("vi", "vi-vn-x-central", "vi-vn-x-south")
"""Northern, central (Huế) and southern (Sài Gòn) Vietnamese, as named in the data."""

PAUSE_SECONDS = 0.35
EDGE_SECONDS = 0.04
"""Most silence kept before and after each sentence's speech."""

RATE_MIN, RATE_MAX = 80, 450
"""Words per minute eSpeak NG accepts (espeakRATE_MINIMUM / _MAXIMUM)."""

_SILENCE_LEVEL = 256  # ≈ −42 dBFS: quieter samples at a sentence's edges count as silence
_CHARS_UTF8 = 1  # espeakCHARS_UTF8; without espeakENDPAUSE, so no trailing clause pause
_POS_CHARACTER = 1
_RATE = 1  # espeakRATE
_OUTPUT_SYNCHRONOUS = 1  # ENOUTPUT_MODE_SYNCHRONOUS: samples come back through the callback
_VOICE_NOT_FOUND = 0x100006FF  # ENS_VOICE_NOT_FOUND
_DATA_FILES = ("phontab", "phonindex", "phondata", "intonations", "vi_dict")
_MAX_DATA_PATH = 159  # bytes: libespeak-ng keeps it in char path_home[160] and truncates

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
if sys.platform == "win32":
    _unload = _ctypes.FreeLibrary
else:
    _unload = _ctypes.dlclose


class _Process:
    """What this process knows about the wheel, and the samples the callback collects."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.library_path = ""
        self.image = b""
        """The library file's bytes, copied afresh for each session."""
        self.data_path = ""
        self.sample_rate = 0
        self.version = ""
        self.chunks: list[bytes] = []


_state = _Process()


def _after_fork_in_child() -> None:
    # Another thread may have held the lock, mid-synthesis, when the parent forked.
    _state.lock = threading.Lock()
    _state.chunks = []


os.register_at_fork(after_in_child=_after_fork_in_child)


@_SynthCallback
def _collect(wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int | None) -> int:
    if wav and count > 0:
        _state.chunks.append(ctypes.string_at(wav, count * 2))
    return 0


def _find_wheel() -> None:
    """Locate the library and its data in the espeakng-loader wheel, once per process."""
    if _state.image:
        return
    try:
        import espeakng_loader
    except ImportError as error:
        raise EngineError(
            "Chưa cài gói espeakng-loader (thư viện eSpeak NG): "
            "chạy `pip install espeakng-loader`"
        ) from error
    path = espeakng_loader.get_library_path()
    try:
        data = Path(espeakng_loader.get_data_path())
        image = Path(path).read_bytes()
    except (OSError, RuntimeError) as error:
        raise EngineError(f"Không nạp được thư viện eSpeak NG ({path}): {error}") from error
    missing = [name for name in _DATA_FILES if not (data / name).is_file()]
    if missing:
        raise EngineError(f"Dữ liệu eSpeak NG thiếu tệp {', '.join(missing)} trong {data}")
    if len(os.fsencode(data)) > _MAX_DATA_PATH:
        raise EngineError(
            f"Đường dẫn dữ liệu eSpeak NG dài {len(os.fsencode(data))} byte, quá giới hạn "
            f"{_MAX_DATA_PATH} byte của thư viện: {data} — hãy đặt môi trường ảo (venv) "
            "ở thư mục có đường dẫn ngắn hơn"
        )
    _state.library_path, _state.image, _state.data_path = path, image, str(data)


def _load_private_copy() -> tuple[ctypes.CDLL, Path | None]:
    """A copy of the library with its own statics, and the file to delete after unloading.

    The loader shares one instance per file (inode), so a new file is needed each time:
    an anonymous memfd on Linux, a temporary file elsewhere."""
    _find_wheel()
    copy: Path | None = None
    try:
        if hasattr(os, "memfd_create"):
            fd = os.memfd_create("libespeak-ng", os.MFD_CLOEXEC)
            try:
                with open(fd, "wb", closefd=False) as file:
                    file.write(_state.image)
                lib = ctypes.CDLL(f"/proc/self/fd/{fd}")
            finally:
                os.close(fd)
        else:
            suffix = Path(_state.library_path).suffix
            fd, name = tempfile.mkstemp(prefix="libespeak-ng-", suffix=suffix)
            copy = Path(name)
            with open(fd, "wb") as file:
                file.write(_state.image)
            lib = ctypes.CDLL(name)
    except OSError as error:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise EngineError(
            f"Không nạp được thư viện eSpeak NG ({_state.library_path}): {error}"
        ) from error
    _declare(lib)
    return lib, copy


def _declare(lib: ctypes.CDLL) -> None:
    """C signatures of the functions used."""
    lib.espeak_Info.argtypes = [ctypes.c_void_p]
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_ng_InitializePath.argtypes = [ctypes.c_char_p]
    lib.espeak_ng_InitializePath.restype = None
    lib.espeak_ng_Initialize.argtypes = [ctypes.c_void_p]
    lib.espeak_ng_InitializeOutput.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p]
    lib.espeak_ng_GetSampleRate.argtypes = []
    lib.espeak_ng_Terminate.argtypes = []
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_ng_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_ng_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_ng_Synthesize.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]
    lib.espeak_ng_GetStatusCodeMessage.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
    lib.espeak_ng_GetStatusCodeMessage.restype = None
    for name in ("espeak_ng_Initialize", "espeak_ng_InitializeOutput", "espeak_ng_Terminate",
                 "espeak_ng_SetVoiceByName", "espeak_ng_SetParameter", "espeak_ng_Synthesize"):
        getattr(lib, name).restype = ctypes.c_uint  # espeak_ng_STATUS


def _unload_copy(lib: ctypes.CDLL, copy: Path | None) -> None:
    _unload(lib._handle)
    if copy is not None:
        copy.unlink(missing_ok=True)


def _status_message(lib: ctypes.CDLL, status: int) -> str:
    buffer = ctypes.create_string_buffer(512)
    lib.espeak_ng_GetStatusCodeMessage(status, buffer, len(buffer))
    return buffer.value.decode("utf-8", "replace") or f"mã lỗi {status:#x}"


class _Session:
    """The lock, and a freshly initialised private copy of the library, for one job."""

    def __enter__(self) -> _Session:
        _state.lock.acquire()
        try:
            self.lib, self.copy = _load_private_copy()
        except BaseException:
            _state.lock.release()
            raise
        self.initialised = False
        try:
            self._initialise()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _initialise(self) -> None:
        lib = self.lib
        lib.espeak_ng_InitializePath(os.fsencode(_state.data_path))
        status = lib.espeak_ng_Initialize(ctypes.byref(ctypes.c_void_p()))
        self.initialised = status == 0
        if status == 0:
            status = lib.espeak_ng_InitializeOutput(_OUTPUT_SYNCHRONOUS, 0, None)
        if status != 0:
            raise EngineError(
                f"Không khởi động được eSpeak NG (dữ liệu ở {_state.data_path}): "
                f"{_status_message(lib, status)}"
            )
        lib.espeak_SetSynthCallback(_collect)
        self.sample_rate: int = lib.espeak_ng_GetSampleRate()
        _state.sample_rate = self.sample_rate

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if self.initialised:
                self.lib.espeak_ng_Terminate()
            _unload_copy(self.lib, self.copy)
        finally:
            _state.chunks = []
            _state.lock.release()

    def select(self, voice: str, rate: int) -> None:
        """Set the voice, then the rate (a voice change may reset it)."""
        status = _VOICE_NOT_FOUND
        if voice.strip() and "\x00" not in voice:
            status = self.lib.espeak_ng_SetVoiceByName(voice.encode())
        if status == _VOICE_NOT_FOUND:
            raise EngineError(
                f'eSpeak NG không có giọng đọc "{voice}" '
                f"(giọng tiếng Việt: {', '.join(VIETNAMESE_VOICES)})"
            )
        if status != 0:
            raise EngineError(
                f'Không chọn được giọng đọc "{voice}": {_status_message(self.lib, status)}'
            )
        status = self.lib.espeak_ng_SetParameter(_RATE, rate, 0)
        if status != 0:
            raise EngineError(
                f"Không đặt được tốc độ đọc {rate}: {_status_message(self.lib, status)}"
            )

    def speak(self, text: str) -> bytes:
        """One sentence's raw samples (16-bit, native byte order)."""
        _state.chunks = []
        encoded = text.encode("utf-8", "replace")
        status = self.lib.espeak_ng_Synthesize(
            encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        pcm, _state.chunks = b"".join(_state.chunks), []
        if status != 0:
            preview = text if len(text) <= 60 else text[:60] + "…"
            raise EngineError(
                f'eSpeak NG không đọc được câu "{preview}": {_status_message(self.lib, status)}'
            )
        return pcm


def _trim(pcm: bytes, sample_rate: int) -> array[int]:
    """Samples with edge silence cut to EDGE_SECONDS; empty if nothing is audible."""
    samples = array("h")
    samples.frombytes(pcm)
    # Scan inwards from each edge only: a full pass in Python would cost as much as synthesis.
    first = next((i for i, x in enumerate(samples) if abs(x) > _SILENCE_LEVEL), None)
    if first is None:
        return array("h")
    last = next(i for i in range(len(samples) - 1, first - 1, -1)
                if abs(samples[i]) > _SILENCE_LEVEL)
    margin = round(EDGE_SECONDS * sample_rate)
    return samples[max(0, first - margin): last + 1 + margin]


def _data_digest(data_path: str) -> str:
    """Short sha256 of the shared phoneme data and the Vietnamese dictionary and voices."""
    data = Path(data_path)
    files = [data / name for name in _DATA_FILES] + sorted((data / "lang" / "aav").glob("vi*"))
    digest = hashlib.sha256()
    for path in files:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise EngineError(f"Không đọc được dữ liệu eSpeak NG {path}: {error}") from error
        digest.update(f"{path.relative_to(data).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


class EspeakEngine:
    """Vietnamese speech offline with eSpeak NG (robotic, but always there)."""

    name = "espeak"

    def version(self) -> str:
        """Library version and a digest of its Vietnamese data: part of the audio cache key."""
        with _state.lock:
            if not _state.version:
                lib, copy = _load_private_copy()
                try:
                    release = lib.espeak_Info(None).decode("ascii", "replace")
                finally:
                    _unload_copy(lib, copy)
                _state.version = f"espeak-ng {release} / data {_data_digest(_state.data_path)}"
            return _state.version

    def sample_rate(self) -> int:
        """Samples per second of the WAV files this engine writes (22,050 for eSpeak NG)."""
        if not _state.sample_rate:
            with _Session():
                pass
        return _state.sample_rate

    def synthesize(
        self, sentences: Sequence[str], voice: str, out_wav: Path, rate: int = 165
    ) -> list[tuple[float, float]]:
        """Speak each sentence in turn into one mono 16-bit PCM WAV at out_wav, with a short
        pause (≈0.35 s) between sentences; return each sentence's (start, end) in seconds in
        that file. Empty sentences are skipped but keep a (t, t) slot."""
        if not RATE_MIN <= rate <= RATE_MAX:
            raise EngineError(
                f"Tốc độ đọc {rate} từ/phút nằm ngoài khoảng eSpeak NG hỗ trợ "
                f"({RATE_MIN}–{RATE_MAX})"
            )
        out_wav = Path(out_wav)
        with _Session() as espeak:
            espeak.select(voice, rate)  # a bad voice fails before any file is created
            with replacing(out_wav) as temp, wave.open(str(temp), "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(espeak.sample_rate)
                timings = _write(espeak, wav, sentences)
        return timings


def _write(espeak: _Session, wav: wave.Wave_write, sentences: Sequence[str]
           ) -> list[tuple[float, float]]:
    """Append each sentence's speech to wav, a pause between; return the timings."""
    sample_rate = espeak.sample_rate
    pause = bytes(2 * round(PAUSE_SECONDS * sample_rate))
    position = 0
    timings: list[tuple[float, float]] = []
    for sentence in sentences:
        text = sentence.replace("\x00", " ").strip()
        samples = _trim(espeak.speak(text), sample_rate) if text else array("h")
        if not samples:
            timings.append((position / sample_rate, position / sample_rate))
            continue
        if position:
            wav.writeframesraw(pause)
            position += len(pause) // 2
        if sys.byteorder == "big":
            samples.byteswap()  # WAV is little-endian
        wav.writeframesraw(samples.tobytes())
        timings.append((position / sample_rate, (position + len(samples)) / sample_rate))
        position += len(samples)
    return timings
