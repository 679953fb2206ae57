"""The agenda's forms, one module per side: `public`, `desk`, `manage`."""
