"""Sign-in, roles and the scope of what each user may see."""
