"""Outreach copy dialogs: "Ta med ut…", "Lever inn…" and the banner shown while working in a copy."""
