"""A signed-in user's own settings (API tokens) and the readable API description."""
