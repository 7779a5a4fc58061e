"""Inspections (cases): open on site, walk the checklist, issue the record, revise it."""
