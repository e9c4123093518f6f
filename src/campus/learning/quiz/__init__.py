"""The quiz engine: questions, attempts' plans and grading, as plain data (no Django)."""
