"""Write ``resources/qt/qtbase_nb.ts`` (Qt's own texts in bokmål) and compile it to ``qtbase_nb.qm``.

Qt ships nynorsk (``qtbase_nn.qm`` in the PySide6 wheel) but no bokmål. The texts below are the Qt
source strings the program shows — standard buttons (QPlatformTheme), message boxes, the non-native
file dialog, the print dialog, the context menus of text fields — with our own bokmål translations.
Run ``python tools/qt_nb_catalog.py`` after changing them; the .ts and the .qm are both committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "qt"

NB: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK", "Save": "Lagre", "Save All": "Lagre alle", "Open": "Åpne", "&Yes": "&Ja",
        "Yes to &All": "Ja til &alle", "&No": "&Nei", "N&o to All": "Nei til a&lle", "Abort": "Avbryt",
        "Retry": "Prøv igjen", "Ignore": "Ignorer", "Close": "Lukk", "Cancel": "Avbryt", "Discard": "Forkast",
        "Help": "Hjelp", "Apply": "Bruk", "Reset": "Tilbakestill", "Restore Defaults": "Gjenopprett standard",
    },
    "QGnomeTheme": {
        "&OK": "&OK", "&Save": "&Lagre", "&Cancel": "&Avbryt", "&Close": "&Lukk",
        "Close without Saving": "Lukk uten å lagre",
    },
    "QDialogButtonBox": {"OK": "OK"},
    "QMessageBox": {"Show Details...": "Vis detaljer …", "Hide Details...": "Skjul detaljer …", "About Qt": "Om Qt"},
    "QInputDialog": {"Enter a value:": "Skriv inn en verdi:"},
    "QProgressDialog": {"Cancel": "Avbryt"},
    "QErrorMessage": {
        "Debug Message:": "Feilsøkingsmelding:", "Warning:": "Advarsel:", "Critical Error:": "Kritisk feil:",
        "Fatal Error:": "Alvorlig feil:", "Information:": "Informasjon:",
        "&Show this message again": "&Vis denne meldingen igjen", "&OK": "&OK",
    },
    "QAbstractSpinBox": {"&Select All": "&Merk alt", "&Step up": "Steg &opp", "Step &down": "Steg &ned"},
    "QLineEdit": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier", "&Paste": "&Lim inn",
        "Delete": "Slett", "Select All": "Merk alt",
    },
    "QWidgetTextControl": {
        "&Undo": "&Angre", "&Redo": "&Gjør om", "Cu&t": "Klipp &ut", "&Copy": "&Kopier",
        "Copy &Link Location": "Kopier &lenkeadresse", "&Paste": "&Lim inn", "Delete": "Slett",
        "Select All": "Merk alt",
    },
    "QFileDialog": {
        "All Files (*)": "Alle filer (*)", "Look in:": "Se i:", "Back": "Tilbake", "Go back": "Gå tilbake",
        "Alt+Left": "Alt+Left", "Forward": "Fram", "Go forward": "Gå fram", "Alt+Right": "Alt+Right",
        "Parent Directory": "Overordnet mappe", "Go to the parent directory": "Gå til overordnet mappe",
        "Alt+Up": "Alt+Up", "Create New Folder": "Lag ny mappe", "Create a New Folder": "Lag en ny mappe",
        "List View": "Listevisning", "Change to list view mode": "Bytt til listevisning",
        "Detail View": "Detaljvisning", "Change to detail view mode": "Bytt til detaljvisning",
        "Sidebar": "Sidepanel", "List of places and bookmarks": "Steder og bokmerker", "Files": "Filer",
        "Files of type:": "Filtype:", "Find Directory": "Finn mappe", "Open": "Åpne", "Save As": "Lagre som",
        "Directory:": "Mappe:", "File &name:": "Fil&navn:", "&Open": "&Åpne", "&Choose": "&Velg",
        "&Save": "&Lagre", "Show ": "Vis ", "&Rename": "&Gi nytt navn", "&Delete": "&Slett",
        "Show &hidden files": "Vis &skjulte filer", "&New Folder": "&Ny mappe", "All files (*)": "Alle filer (*)",
        "Directories": "Mapper",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nFant ikke mappen.\nSjekk at mappenavnet er riktig.",
        "%1 already exists.\nDo you want to replace it?": "%1 finnes fra før.\nVil du erstatte den?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nFant ikke filen.\nSjekk at filnavnet er riktig.",
        "New Folder": "Ny mappe", "Delete": "Slett",
        "'%1' is write protected.\nDo you want to delete it anyway?":
            "«%1» er skrivebeskyttet.\nVil du slette den likevel?",
        "Are you sure you want to delete '%1'?": "Er du sikker på at du vil slette «%1»?",
        "Could not delete directory.": "Kunne ikke slette mappen.", "Recent Places": "Nylig brukte steder",
        "Remove": "Fjern", "My Computer": "Datamaskinen", "Drive": "Stasjon", "%1 File": "%1-fil", "File": "Fil",
        "File Folder": "Filmappe", "Folder": "Mappe", "Alias": "Alias", "Shortcut": "Snarvei", "Unknown": "Ukjent",
    },
    "QFileSystemModel": {
        "<b>The name \"%1\" cannot be used.</b><p>Try using another name, with fewer characters or no punctuation "
        "marks.": "<b>Navnet «%1» kan ikke brukes.</b><p>Prøv et annet navn, med færre tegn eller uten skilletegn.",
        "Invalid filename": "Ugyldig filnavn", "Name": "Navn", "Size": "Størrelse", "Kind": "Sort", "Type": "Type",
        "Date Modified": "Sist endret", "My Computer": "Datamaskinen", "Computer": "Datamaskin",
    },
    "QPrintDialog": {
        "Print": "Skriv ut",
        "Left to Right, Top to Bottom": "Venstre til høyre, topp til bunn",
        "Left to Right, Bottom to Top": "Venstre til høyre, bunn til topp",
        "Right to Left, Bottom to Top": "Høyre til venstre, bunn til topp",
        "Right to Left, Top to Bottom": "Høyre til venstre, topp til bunn",
        "Bottom to Top, Left to Right": "Bunn til topp, venstre til høyre",
        "Bottom to Top, Right to Left": "Bunn til topp, høyre til venstre",
        "Top to Bottom, Left to Right": "Topp til bunn, venstre til høyre",
        "Top to Bottom, Right to Left": "Topp til bunn, høyre til venstre",
        "1 (1x1)": "1 (1 × 1)", "2 (2x1)": "2 (2 × 1)", "4 (2x2)": "4 (2 × 2)", "6 (2x3)": "6 (2 × 3)",
        "9 (3x3)": "9 (3 × 3)", "16 (4x4)": "16 (4 × 4)", "All Pages": "Alle sider", "Odd Pages": "Oddetallssider",
        "Even Pages": "Partallssider", "&Options >>": "&Valg >>", "&Print": "&Skriv ut", "&Options <<": "&Valg <<",
        "Invalid Pages Definition": "Ugyldige sider",
        "%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges "
        "and make sure ranges do not intersect with each other.":
            "%1 er ikke skrevet riktig. Skill sider og sideområder med «,», bruk «-» for et sideområde, og pass på "
            "at områdene ikke overlapper hverandre.",
        "Duplex Settings Conflicts": "Motstridende innstillinger for tosidig utskrift",
        "There are conflicts in duplex settings. Do you want to fix them?":
            "Innstillingene for tosidig utskrift er motstridende. Vil du rette dem?",
        "Print to File (PDF)": "Skriv til fil (PDF)", "Local file": "Lokal fil", "Write PDF file": "Skriv PDF-fil",
        "Print To File ...": "Skriv til fil …",
        "%1 is a directory.\nPlease choose a different file name.": "%1 er en mappe.\nVelg et annet filnavn.",
        "File %1 is not writable.\nPlease choose a different file name.":
            "Filen %1 kan ikke skrives.\nVelg et annet filnavn.",
        "%1 already exists.\nDo you want to overwrite it?": "%1 finnes fra før.\nVil du skrive over den?",
        "Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn one of those options off.":
            "Valgene «Sider per ark» og «Sidesett» kan ikke brukes sammen.\nSlå av ett av dem.",
        "The 'From' value cannot be greater than the 'To' value.": "Fra-verdien kan ikke være større enn til-verdien.",
        "OK": "OK",
    },
    "QPrintPropertiesDialog": {
        "Printer Properties": "Skriveregenskaper", "Job Options": "Jobbvalg",
        "Page Setup Conflicts": "Motstridende sideoppsett",
        "There are conflicts in page setup options. Do you want to fix them?":
            "Valgene for sideoppsett er motstridende. Vil du rette dem?",
        "Advanced Option Conflicts": "Motstridende avanserte valg",
        "There are conflicts in some advanced options. Do you want to fix them?":
            "Noen avanserte valg er motstridende. Vil du rette dem?",
    },
    "QPrintPropertiesWidget": {
        "Form": "Skjema", "Page": "Side", "Advanced": "Avansert",
        "There are conflicts in some options. Please fix them.": "Noen valg er motstridende. Rett dem.",
    },
    "QPrintSettingsOutput": {
        "Form": "Skjema", "Copies": "Eksemplarer", "Print range": "Utskriftsområde", "Print all": "Skriv ut alt",
        "Pages from": "Sider fra", "to": "til", "Pages": "Sider",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "Skriv sider eller sideområder skilt med komma. Et område er to sidetall med bindestrek mellom. "
            "For eksempel skriver 3,5-7,9 ut sidene 3, 5, 6, 7 og 9.",
        "Current Page": "Denne siden", "Selection": "Utvalg", "Page Set:": "Sidesett:",
        "Output Settings": "Utskriftsvalg", "Copies:": "Eksemplarer:", "Collate": "Sorter", "Reverse": "Baklengs",
        "Options": "Valg", "Color Mode": "Farger", "Color": "Farge", "Grayscale": "Gråtoner",
        "Double Sided Printing": "Tosidig utskrift", "Off": "Av", "Long side binding": "Innbinding langs langsiden",
        "Short side binding": "Innbinding langs kortsiden",
    },
    "QPrintWidget": {
        "Form": "Skjema", "Printer": "Skriver", "&Name:": "&Navn:", "P&roperties": "&Egenskaper",
        "Location:": "Plassering:", "Preview": "Forhåndsvisning", "Type:": "Type:", "Output &file:": "Utdata&fil:",
        "...": "…",
    },
    "QPageSetupWidget": {
        "Form": "Skjema", "Paper": "Papir", "Page size:": "Sidestørrelse:", "Width:": "Bredde:", "Height:": "Høyde:",
        "Paper source:": "Papirkilde:", "Orientation": "Retning", "Portrait": "Stående", "Landscape": "Liggende",
        "Reverse landscape": "Omvendt liggende", "Reverse portrait": "Omvendt stående", "Margins": "Marger",
        "top margin": "toppmarg", "left margin": "venstremarg", "right margin": "høyremarg",
        "bottom margin": "bunnmarg", "Page Layout": "Sideoppsett", "Page order:": "Siderekkefølge:",
        "Pages per sheet:": "Sider per ark:", "Millimeters (mm)": "Millimeter (mm)", "Inches (in)": "Tommer (in)",
        "Points (pt)": "Punkter (pt)", "Custom": "Egendefinert",
    },
}


def write_ts(path: Path) -> int:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="nb_NO">']
    count = 0
    for context, messages in NB.items():
        lines += ["<context>", f"    <name>{context}</name>"]
        for source, translation in messages.items():
            lines += ["    <message>", f"        <source>{escape(source)}</source>",
                      f"        <translation>{escape(translation)}</translation>", "    </message>"]
            count += 1
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ts = OUT / "qtbase_nb.ts"
    count = write_ts(ts)
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(OUT / "qtbase_nb.qm")], check=True)
    print(f"{count} tekster skrevet til {ts.relative_to(ROOT)} og {OUT.relative_to(ROOT)}/qtbase_nb.qm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
