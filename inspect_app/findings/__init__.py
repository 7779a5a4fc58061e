"""Findings of an inspection and the rectification orders that cover them."""
