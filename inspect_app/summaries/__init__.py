"""Summary report drafts (总结报告): a Word document for the officer to finish, and its figures."""
