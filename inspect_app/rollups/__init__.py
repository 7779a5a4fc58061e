"""Monthly rollups of the case figures, kept current in the writing transaction."""
