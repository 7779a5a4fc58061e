"""What case pages show around the case core: the sections with their counts, and the casefile.

It sits above the core, which must not import the features it counts.
"""


def init_app(app) -> None:
    from inspect_app.casefile import build_casefile
    from inspect_app.casepage.navigation import case_sections

    app.context_processor(lambda: {"case_sections": case_sections})
    app.add_template_global(build_casefile, "casefile_of")
