"""Programbygger widgets: the week grid, the programme timeline and the dialogs."""
