"""Inspection subjects: units, their people and their certificates."""
