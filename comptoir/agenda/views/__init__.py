"""The agenda's pages, one module per side: `public` (the agenda, an event, registering),
`desk` and `desk_register` (attendance on the day, registering someone at the desk,
activity reports), `manage` and `series` (the concierges' scheduling)."""
