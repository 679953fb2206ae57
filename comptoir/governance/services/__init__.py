"""Writes of governance, one transaction each (see the modules)."""
