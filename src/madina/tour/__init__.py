"""Caravan tour planning: the order, the days and the agenda of a multi-day tour (pure Python, no Django)."""
