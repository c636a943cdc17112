"""Shared site furniture: the page layout, styles, map script and content helpers every app uses."""
