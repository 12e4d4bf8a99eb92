"""Bundle size: the PyInstaller build of build.spec (one folder, both programs), against the same kind
of build of a bare PySide6 window, with what each part of the build costs.

    .venv/bin/python bench/bench_bundle.py [--dist dist/kvp-desktop] [--cache DIR]

Without ``--dist`` it builds build.spec into the cache folder (about a minute). The reference is a
one-folder PyInstaller build of a script that opens a PySide6 window with four tabs (QtWidgets only),
stripped like ours on Linux. Target: the build ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from benchlib import Progress, default_cache, num, quiet, stderr_progress  # noqa: E402

LIMIT_MB = 150.0
MB = 1_000_000  # as `du --si` and Windows Explorer's «MB» in the workflow's report: 10^6 bytes

BARE_SCRIPT = '''import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget
app = QApplication(sys.argv)
window = QMainWindow()
tabs = QTabWidget()
for name in ("Portefølje", "Inngangsvilkår", "Programbygger", "Utbetalinger"):
    tabs.addTab(QLabel(name), name)
window.setCentralWidget(tabs)
window.show()
sys.exit(0 if "--exit" in sys.argv else app.exec())
'''


def folder_bytes(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file() and not entry.is_symlink()) \
        if path.is_dir() else path.stat().st_size


def parts(bundle: Path, top: int = 14) -> list[tuple[str, int]]:
    """The biggest parts of the build: folders and files under ``_internal`` (Qt's libraries and ICU
    split out), the rest summed."""
    internal = bundle / "_internal"
    sizes: dict[str, int] = {}
    for entry in internal.iterdir():
        if entry.name == "PySide6":
            qt_lib = entry / "Qt" / "lib"
            icu = sum(folder_bytes(p) for p in qt_lib.glob("libicu*")) if qt_lib.is_dir() else 0
            qt = folder_bytes(qt_lib) - icu if qt_lib.is_dir() else 0
            if icu:
                sizes["PySide6/Qt/lib/libicu* (ICU-data for Qt)"] = icu
            if qt:
                sizes["PySide6/Qt/lib (Qt-bibliotekene)"] = qt
            sizes["PySide6 (resten: moduler, programtillegg)"] = folder_bytes(entry) - icu - qt
        elif entry.is_symlink():
            continue
        elif (entry.is_file() and entry.suffix in {".so", ".dll"}) or ".so." in entry.name:
            label = "systembiblioteker på toppnivå"
            sizes[label] = sizes.get(label, 0) + entry.stat().st_size
        else:
            sizes[entry.name] = folder_bytes(entry)
    for program in bundle.iterdir():
        if program.is_file():
            sizes["programfilene (" + ", ".join(sorted(p.name for p in bundle.iterdir() if p.is_file())) + ")"] = \
                sum(p.stat().st_size for p in bundle.iterdir() if p.is_file())
            break
    ordered = sorted(sizes.items(), key=lambda item: item[1], reverse=True)
    rest = sum(size for _name, size in ordered[top:])
    return ordered[:top] + ([("resten", rest)] if rest else [])


@dataclass(frozen=True)
class BundleResult:
    total: int
    bare: int
    parts: tuple[tuple[str, int], ...]
    built: bool

    @property
    def met(self) -> bool:
        return self.total / MB <= LIMIT_MB

    def targets(self) -> list[tuple[str, str, str, float, str, bool]]:
        return [("Størrelsen på bygget (PyInstaller, én mappe, begge programmene)", f"{num(self.total / MB, 1)} MB",
                 f"{num(self.bare / MB, 1)} MB (bart PySide6-vindu, samme byggemåte)", self.total / self.bare,
                 f"≤ {num(LIMIT_MB, 0)} MB", self.met)]

    def markdown(self) -> str:
        rows = "\n".join(f"| {name} | {num(size / MB, 1)} MB | {num(100 * size / self.total, 0)} % |"
                         for name, size in self.parts)
        verdict = "nådd" if self.met else "IKKE nådd"
        return (
            f"Bygget {'nå' if self.built else '(et ferdig bygg, `--dist`)'} på {sys.platform}: "
            f"{num(self.total / MB, 1)} MB; et bart PySide6-vindu bygd på samme måte er "
            f"{num(self.bare / MB, 1)} MB.\n\n"
            "| del av bygget | størrelse | andel |\n|---|---|---|\n" + rows + "\n\n"
            f"Mål: ≤ {num(LIMIT_MB, 0)} MB — {verdict} ({num(self.total / MB, 1)} MB)."
        )


def _pyinstaller(*args: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE_PROCESS_")}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", *args],
                   cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=1800)


def build_bare(folder: Path) -> Path:
    script = folder / "bare_window.py"
    folder.mkdir(parents=True, exist_ok=True)
    script.write_text(BARE_SCRIPT, encoding="utf-8")
    strip = ["--strip"] if sys.platform.startswith("linux") else []
    _pyinstaller("--onedir", "--windowed", *strip, "--name", "bare", "--distpath", str(folder / "dist"),
                 "--workpath", str(folder / "build"), "--specpath", str(folder), str(script))
    return folder / "dist" / "bare"


def measure(dist: Path | None = None, cache: Path | None = None, progress: Progress = quiet) -> BundleResult:
    cache = (cache or default_cache()) / "bundle"
    built = dist is None
    if dist is None:
        progress("bygger build.spec (omtrent ett minutt)")
        _pyinstaller("--clean", "--distpath", str(cache / "dist"), "--workpath", str(cache / "build"),
                     str(ROOT / "build.spec"))
        dist = cache / "dist" / "kvp-desktop"
    progress("bygger referansen (bart PySide6-vindu)")
    bare = build_bare(cache / "bare")
    return BundleResult(folder_bytes(dist), folder_bytes(bare), tuple(parts(dist)), built)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dist", type=Path, help="et ferdig bygg (mappen med kvp-desktop og _internal)")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    print(measure(args.dist, args.cache, stderr_progress("bygg")).markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
