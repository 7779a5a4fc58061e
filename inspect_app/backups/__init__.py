"""Backups of the database and every stored file, and their restoration into a new instance."""
