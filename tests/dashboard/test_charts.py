"""Chart geometry (scaling, round ticks, empty data) and the SVG the macro draws from it."""

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from inspect_app.dashboard import charts
from inspect_app.dashboard.charts import Series, bar_chart

PLOT = charts.WIDTH - charts.VALUE_ROOM - charts.LEFT_LABEL


@pytest.mark.parametrize(
    ("top", "step"),
    [(1, 1), (4, 1), (7, 2), (13, 5), (45, 20), (100, 50), (28000, 10000), (20000, 5000)],
)
def test_round_steps(top, step):
    assert charts.nice_step(top) == step


def test_axis_ends_on_a_step_above_the_largest_value():
    assert charts.axis(28000) == (30000, [0, 10000, 20000, 30000])
    assert charts.axis(3) == (3, [0, 1, 2, 3])
    assert charts.axis(0) == (1, [0, 1])
    assert charts.axis(67, fixed=100) == (100, [0, 50, 100])


def test_bars_scale_to_the_axis():
    chart = bar_chart(["2026-09", "2026-10"], [Series("Fines", "s-bad", [5, 10])])
    first, second = (row.bars[0] for row in chart.rows)
    assert second.width == pytest.approx(PLOT)  # 10 is the axis maximum
    assert first.width == pytest.approx(PLOT / 2)
    assert first.x == charts.LEFT_LABEL
    assert second.text_x == pytest.approx(second.x + second.width + 4)  # the number beside it
    assert [t.label for t in chart.ticks] == ["0", "5", "10"]
    assert chart.ticks[-1].x == pytest.approx(charts.LEFT_LABEL + PLOT)
    assert not chart.empty


def test_two_series_stack_in_a_row_with_a_legend():
    chart = bar_chart(["a", "b"], [Series("Opened", "s1", [3, 1]), Series("Issued", "s2", [2, 0])])
    row = chart.rows[0]
    assert [b.series for b in row.bars] == ["Opened", "Issued"]
    assert row.bars[1].y == row.bars[0].y + charts.BAR + charts.BAR_GAP
    assert chart.rows[1].bars[0].y > row.bars[1].y + charts.BAR  # rows do not overlap
    assert [s.label for s in chart.legend] == ["Opened", "Issued"]
    assert chart.plot_top == charts.TOP + charts.LEGEND
    assert chart.height == pytest.approx(chart.plot_bottom + charts.AXIS)


def test_numbers_are_grouped():
    chart = bar_chart(["m"], [Series("Fines", "s", [103000])])
    assert chart.rows[0].bars[0].text == "103,000"


def test_zero_data_is_empty():
    assert bar_chart(["2026-09", "2026-10"], [Series("Fines", "s", [0, 0])]).empty
    assert bar_chart([], [Series("Fines", "s", [])]).empty


def test_long_labels_above_the_bar_are_cut_to_fit():
    label = "PU-3 开展厂（公司）、车间（工段、区、队）、班组三级安全培训，有培训计划、培训内容"
    chart = bar_chart([label], [Series("Findings", "s", [2])], labels_above=True)
    row = chart.rows[0]
    assert row.label.endswith("…") and label.startswith(row.label[:-1])
    assert charts.text_width(row.label) <= charts.WIDTH
    assert row.bars[0].x == 0 and row.label_y < row.bars[0].y


def _longest_start_that_fits(text: str, room: float) -> str:
    """The definition: the longest start of the text that, with an ellipsis, fits the room."""
    for end in range(len(text), -1, -1):
        if charts.text_width(text[:end] + "…") <= room:
            return text[:end] + "…"
    return "…"


@pytest.mark.parametrize(
    "text",
    ["", "A", "培训", "Training 培训 records 记录", "安全生产培训走过场专项整治" * 3, "x" * 80],
)
@pytest.mark.parametrize("room", [0, 7.2, 12, 19.2, 60, 104, 500])
def test_text_is_cut_to_the_longest_start_that_fits(text, room):
    fitted = charts.fit_text(text, room)
    if charts.text_width(text) <= room:
        assert fitted == text
    else:
        assert fitted == _longest_start_that_fits(text, room)


def test_percent_axis_is_fixed():
    series = [Series("Pass", "s", [50, 100])]
    chart = bar_chart(["A", "B"], series, labels_above=True, axis_max=100, fmt="{}%".format)
    assert [t.label for t in chart.ticks] == ["0%", "50%", "100%"]
    assert chart.rows[1].bars[0].width == pytest.approx(charts.WIDTH - charts.VALUE_ROOM)
    assert chart.rows[0].bars[0].text == "50%"


MACRO = (
    '{% from "macros/charts.html" import bar_chart %}'
    '{{ bar_chart(chart, "Fines by month", "No fines in this period.") }}'
)


def test_macro_draws_an_accessible_svg(app):
    chart = bar_chart(["2026-09", "2026-10"], [Series("Fines", "s-bad", [5000, 20000])])
    with app.test_request_context():
        html = render_template_string(MACRO, chart=chart)
    svg = BeautifulSoup(html, "html.parser").find("svg")
    assert svg["role"] == "img" and svg["aria-label"].startswith("Fines by month")
    assert svg["width"] == "100%" and svg["viewbox"].startswith("0 0 360 ")
    assert svg.find("title").get_text() == "Fines by month"
    bars = svg.select("rect.chart-s-bad")
    assert [float(b["width"]) for b in bars] == [pytest.approx(PLOT / 4, abs=0.1), PLOT]
    assert [t.get_text() for t in svg.select("text.chart-value")] == ["5,000", "20,000"]
    assert "0" in [t.get_text() for t in svg.select("text.chart-tick")]


def test_macro_says_so_when_there_is_nothing_to_draw(app):
    chart = bar_chart(["2026-09"], [Series("Fines", "s-bad", [0])])
    with app.test_request_context():
        html = render_template_string(MACRO, chart=chart)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("svg") is None
    assert soup.select_one(".chart-empty").get_text(strip=True) == "No fines in this period."
