"""Participatory-budgeting counts: Pabulib files and exact voting rules (pure Python, no Django)."""
