"""Worker quizzes and on-site questions: a question bank, a different paper for every worker."""
