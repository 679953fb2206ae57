"""Reads of the agenda, one module per side: `public` (the public agenda, seats, the
viewer's registration), `desk` (attendance), `manage` (the concierges' event list)."""
