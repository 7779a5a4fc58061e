"""Regions: the county → town tree that scopes every user and subject."""
