"""Issuing and revising records: the layer above the case core that renders them."""
