"""Widgets and helpers every tab shares: the tab base, layouts, form errors, sorting, keys."""
