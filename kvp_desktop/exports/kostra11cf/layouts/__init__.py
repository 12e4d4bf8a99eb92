"""SSB's file descriptions for KOSTRA form 11CF, one ``<year>.yaml`` per reporting year.

The YAML files are SSB's own (MIT licence, see ``LICENSE-SSB.md`` beside them), copied unchanged
from the public KOSTRA kontrollprogram. A new reporting year is just a new data file here.
"""
