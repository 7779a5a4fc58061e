"""The case file (案卷) of a closed proceeding: one PDF with contents, or the stored originals."""
