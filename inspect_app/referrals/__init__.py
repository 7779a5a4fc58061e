"""Referrals of a case to another agency (案件移送) and exam-site measures recorded directly."""
