"""Enterprise self-checks (附件1): a personal link per production unit, six items, a deadline."""
