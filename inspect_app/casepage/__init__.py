"""What every case page shows around the case core: the sections of the case with their counts.

It sits above the core, which must not import the features it counts.
"""


def init_app(app) -> None:
    from inspect_app.casepage.navigation import case_sections

    app.context_processor(lambda: {"case_sections": case_sections})
