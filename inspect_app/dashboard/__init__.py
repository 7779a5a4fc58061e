"""The supervisor dashboard: cases, findings, fines, overdue orders, quiz pass rates."""
