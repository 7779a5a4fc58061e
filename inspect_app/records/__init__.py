"""The inspection record as a PDF with a QR code: pure rendering functions and their storage."""
