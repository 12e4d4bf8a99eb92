"""Extract every user-facing message and update resources/locale/{nb,nn,en}. Run: make i18n"""

from pathlib import Path

from kvp_desktop.i18n_catalogs import update

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for lang, count in update(root).items():
        print(f"{lang}: {count} meldinger")
