"""Caravan editions: the awareness tours that visit cities and the stops they make."""
