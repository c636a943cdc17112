"""Madina: the open platform of Tunisia's national smart and sustainable cities programme."""

__version__ = "0.1.0"
