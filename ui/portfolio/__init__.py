"""Portefølje: the office's clients, the person form, import and the portfolio review."""
