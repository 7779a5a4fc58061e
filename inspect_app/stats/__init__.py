"""Campaign report forms (附件2, 附件3), their exports, and the supervisor dashboard."""
