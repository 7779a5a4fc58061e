"""The public case page opened by the QR code on a paper record; enterprises answer there."""
