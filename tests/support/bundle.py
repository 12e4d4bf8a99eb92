"""The PyInstaller build made from build.spec, and running its programs the way an office PC would:
from a folder outside the source tree, with no Python environment and a home folder of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 900  # seconds; the build takes 1–2 minutes on a 2-core machine


@dataclass(frozen=True)
class Bundle:
    folder: Path  # dist/kvp-desktop: the folder an office PC gets
    build_seconds: float

    @property
    def contents(self) -> Path:
        """PyInstaller's folder of libraries and data files beside the executables."""
        return self.folder / "_internal"

    def program(self, name: str) -> Path:
        return self.folder / (f"{name}.exe" if sys.platform == "win32" else name)


def prebuilt() -> Bundle | None:
    """The folder named by ``KVP_BUILT_BUNDLE`` (CI builds ``build.spec`` once in its own step and
    smoke-tests that build), or ``None``: the tests build it themselves."""
    folder = os.environ.get("KVP_BUILT_BUNDLE")
    return Bundle(Path(folder).resolve(), 0.0) if folder else None


def build(target: Path) -> Bundle:
    """``pyinstaller --clean build.spec`` into ``target`` (``--clean``: a stale cache must never hide
    a file the spec fails to collect)."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(target / "dist"), "--workpath", str(target / "build"), str(ROOT / "build.spec")]
    # Never measure coverage inside PyInstaller (it would only slow the build).
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE_PROCESS_")}
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    if done.returncode != 0:
        raise AssertionError(f"PyInstaller feilet:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    return Bundle(target / "dist" / "kvp-desktop", time.monotonic() - started)


def program_env(home: Path) -> dict[str, str]:
    """A PC without Python: no PYTHONPATH/PYTHONHOME or virtualenv, no KVP_* settings, a private home
    (settings, logs and the default database land there, never in the real user's folders)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "KVP_", "XDG_"))}
    env = {key: value for key, value in env.items() if not key.upper().startswith("WIN_PD_OVERRIDE_")}
    # On Windows platformdirs asks the shell, not the environment, for the user's folders; these
    # variables are its documented override (the same folders as APPDATA and LOCALAPPDATA).
    env.update(WIN_PD_OVERRIDE_APPDATA=str(home / "AppData" / "Roaming"),
               WIN_PD_OVERRIDE_LOCAL_APPDATA=str(home / "AppData" / "Local"))
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), XDG_STATE_HOME=str(home / ".local" / "state"),
               XDG_CACHE_HOME=str(home / ".cache"), KVP_LOG_DIR=str(home / "logs"), QT_QPA_PLATFORM="offscreen")
    return env


def start(bundle: Bundle, home: Path, name: str, args: Sequence[str]) -> subprocess.Popen[str]:
    """Start a built program with ``home`` as its working folder and home folder."""
    return subprocess.Popen([str(bundle.program(name)), *args], cwd=home, env=program_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def run(bundle: Bundle, home: Path, name: str, args: Sequence[str],
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a built program to the end (see :func:`start`)."""
    return subprocess.run([str(bundle.program(name)), *args], cwd=home, env=program_env(home),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
