"""Administrative penalties and other measures, with their legal basis."""
