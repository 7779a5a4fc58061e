"""Photo evidence: received bytes, facts read from them, and safe display copies."""
