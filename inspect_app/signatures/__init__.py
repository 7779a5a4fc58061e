"""Signatures of the inspectors and the subject's representative, or recorded refusals."""
