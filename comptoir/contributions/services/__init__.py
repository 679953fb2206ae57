"""Writes of contributions: logging and deciding them (`contributions`), and the
prestations with their distribution statements (`redistribution`)."""
