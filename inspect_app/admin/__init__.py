"""Administration: user accounts and the region tree."""
