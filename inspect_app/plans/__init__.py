"""Enforcement plans, 双随机 draws, tasks and coverage."""
