"""Display labels for coded values, all through gettext."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "inspector": _l("Inspector"),
    "supervisor": _l("Supervisor"),
    "admin": _l("Administrator"),
}

SUBJECT_KIND_LABELS = {
    "production_unit": _l("Production unit"),
    "training_institution": _l("Training institution"),
    "exam_site": _l("Exam institution or site"),
}

POSITION_LABELS = {
    "principal": _l("Principal"),
    "safety_manager": _l("Safety manager"),
    "special_operator": _l("Special operator"),
    "worker": _l("Worker"),
}

INDUSTRY_LABELS = {
    "mining": _l("Mining"),
    "hazardous_chemicals": _l("Hazardous chemicals"),
    "fireworks": _l("Fireworks"),
    "metal_smelting": _l("Metal smelting"),
    "construction": _l("Construction"),
    "transport": _l("Road transport"),
    "manufacturing": _l("Manufacturing"),
    "trade": _l("Trade and services"),
    "education": _l("Training and examination"),
    "other": _l("Other"),
}

# Units whose principals and safety managers must pass the authority's assessment
# (Work Safety Law Art. 27) and whose new workers need 72 hours of pre-job training.
HIGH_RISK_INDUSTRIES = frozenset(
    {"mining", "hazardous_chemicals", "fireworks", "metal_smelting", "construction", "transport"}
)

CERTIFICATE_KIND_LABELS = {
    "electrician": _l("Electrician work"),
    "welding": _l("Welding and thermal cutting"),
    "work_at_height": _l("Work at height"),
    "refrigeration": _l("Refrigeration and air conditioning"),
    "coal_mine": _l("Coal mine safety work"),
    "metal_mine": _l("Metal and non-metal mine safety work"),
    "oil_gas": _l("Oil and gas safety work"),
    "metallurgy": _l("Metallurgy (non-ferrous) production safety work"),
    "hazardous_chemicals": _l("Hazardous chemicals safety work"),
    "fireworks": _l("Fireworks safety work"),
    "other_special": _l("Other special operation"),
    "safety_assessment": _l("Safety knowledge and management assessment"),
}

RESULT_LABELS = {
    "compliant": _l("Compliant"),
    "non_compliant": _l("Non-compliant"),
    "not_applicable": _l("Not applicable"),
}

CASE_STATUS_LABELS = {
    "draft": _l("Draft"),
    "issued": _l("Issued"),
    "rectifying": _l("Rectifying"),
    "closed": _l("Closed"),
}

PHOTO_KIND_LABELS = {
    "sign_in_sheet": _l("Sign-in sheet"),
    "training_photo": _l("Training photo"),
    "training_record": _l("Training record"),
    "exam_paper": _l("Exam paper"),
    "certificate": _l("Certificate"),
    "site": _l("Site"),
    "other": _l("Other"),
}

ORDER_STATUS_LABELS = {
    "open": _l("Open"),
    "rectified": _l("Rectified"),
    "not_rectified": _l("Not rectified"),
    "overdue": _l("Overdue"),
}

EXTENSION_STATUS_LABELS = {
    "pending": _l("Awaiting decision"),
    "granted": _l("Granted"),
    "refused": _l("Refused"),
}

MEASURE_LABELS = {
    "warning": _l("Warning"),
    "order_correction": _l("Order to correct"),
    "suspension": _l("Suspension of production or business"),
    "police_referral": _l("Referral to the police"),
    "market_referral": _l("Referral to the market regulator"),
    "exam_qualification_suspension": _l("Suspension of exam qualification"),
    "exam_qualification_revocation": _l("Revocation of exam qualification"),
}

AGENCY_KIND_LABELS = {
    "police": _l("Public security organ (police)"),
    "market": _l("Market regulation department"),
    "other": _l("Another department"),
}

EXAM_MEASURE_KIND_LABELS = {
    "suspension": _l("Suspension of exam qualification"),
    "revocation": _l("Revocation of exam qualification"),
}

CERTIFICATE_STATUS_LABELS = {
    "valid": _l("Valid"),
    "expiring": _l("Expiring soon"),
    "expired": _l("Expired"),
    "review_overdue": _l("Review overdue"),
    "assessment_overdue": _l("Assessment not passed"),
}
