"""Penalty proceedings (行政处罚案件), referrals and exam-site measures after the visit."""
