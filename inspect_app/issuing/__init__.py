"""Issuing and revising records: the layer above the case core that freezes them (the worker
renders their PDFs: records.jobs)."""
