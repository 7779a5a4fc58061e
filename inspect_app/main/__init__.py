"""Home page and language choice."""
