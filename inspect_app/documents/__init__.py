"""Statutory enforcement documents (执法文书): each rendered once, stored with its hash."""
