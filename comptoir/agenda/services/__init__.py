"""Writes of the agenda, one transaction each: events (`events`), registrations and the
waitlist (`registrations`), attendance (`attendance`)."""
