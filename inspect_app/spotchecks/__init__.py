"""Certificate spot checks of a subject's people during an inspection."""
