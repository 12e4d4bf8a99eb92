"""Dialogs opened from the tabs (forms, import, review)."""
