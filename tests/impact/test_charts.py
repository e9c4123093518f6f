"""The impact dashboard's bar charts: what a reader sees, what a screen reader says, and that no
text from a table can break the markup."""

from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.utils import translation

from campus.impact.charts import PALETTE, bar_chart, share_bar
from campus.impact.tables import Column, Table

SVG = "{http://www.w3.org/2000/svg}"


def enrolments(rows, *columns):
    columns = columns or (Column("enrolments", "Enrolments"),)
    return Table(
        key="enrolments",
        title="Enrolments by institution",
        columns=(Column("institution", "Institution", numeric=False), *columns),
        rows=tuple(rows),
    )


INSTITUTIONS = enrolments([("Thomas More", 120), ("Howest", 60), ("VIVES", 3), ("UCLL", 30)])
TWO_SERIES = enrolments(
    [("Thomas More", 100, 20), ("Howest", 50, 50), ("VIVES", 10, 0)],
    Column("learners", "Learners"),
    Column("staff", "Staff"),
)


def parse(chart):
    return ElementTree.fromstring(str(chart.svg))


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def ids(root):
    return {element.get("id") for element in root.iter() if element.get("id")}


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def all_text(root):
    return " ".join(root.itertext())


def test_summary_names_highest_lowest_count_and_total():
    chart = bar_chart(INSTITUTIONS)

    assert chart.summary == (
        "Enrolments by institution: highest Thomas More 120, lowest VIVES 3; 4 rows, 213 in all."
    )


def test_summary_of_stacked_columns_ranks_row_totals_and_gives_each_total():
    chart = bar_chart(TWO_SERIES, stacked=True)

    assert chart.summary.startswith(
        "Enrolments by institution: highest Thomas More 120, lowest VIVES 10; 3 rows, 230 in all."
    )
    assert chart.summary.endswith("Totals: Learners 160, Staff 70.")


def test_summary_of_grouped_columns_describes_each_series_apart():
    # Side by side, the series are different counts: their sum would mean nothing.
    chart = bar_chart(TWO_SERIES)

    assert chart.summary == (
        "Learners: highest Thomas More 100, lowest VIVES 10; 3 rows, 160 in all. "
        "Staff: highest Howest 50, lowest VIVES 0; 3 rows, 70 in all."
    )


def test_summary_counts_rows_without_a_figure_and_leaves_them_out_of_the_ranking():
    chart = bar_chart(enrolments([("Thomas More", 12), ("VIVES", None), ("Howest", 5)]))

    assert "lowest Howest 5" in chart.summary
    assert "1 row has no figure." in chart.summary


def test_summary_of_one_row_and_the_unit():
    table = enrolments([("Thomas More", 12)], Column("co2", "CO₂", unit="kg CO₂e"))

    assert bar_chart(table).summary == "Enrolments by institution: Thomas More 12 kg CO₂e."


def test_svg_is_an_image_named_by_its_own_title_and_described_by_the_summary():
    chart = bar_chart(INSTITUTIONS, id_prefix="enrol")
    root = parse(chart)

    assert root.get("role") == "img"
    assert "chart" in root.get("class").split()
    labelled_by = root.get("aria-labelledby").split()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert [by_id[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert by_id[labelled_by[0]].text == "Enrolments by institution"
    assert by_id[labelled_by[1]].text == chart.summary


def test_svg_scales_to_its_container():
    root = parse(bar_chart(INSTITUTIONS))

    assert root.get("width") == "100%"
    assert root.get("height") is None
    x, y, width, height = (float(n) for n in root.get("viewBox").split())
    assert (x, y) == (0, 0)
    assert 0 < width <= 480
    assert height > 0


def test_two_charts_of_one_table_have_different_ids():
    first, second = parse(bar_chart(INSTITUTIONS)), parse(bar_chart(INSTITUTIONS))

    assert ids(first).isdisjoint(ids(second))


def test_every_label_and_value_is_printed():
    root = parse(bar_chart(INSTITUTIONS))

    printed = texts(root)
    for label, value in INSTITUTIONS.rows:
        assert label in printed
        assert str(value) in printed


def test_text_from_the_table_is_escaped():
    table = Table(
        key="x",
        title='Reach <b>"bold"</b>',
        columns=(Column("name", "A & B", numeric=False), Column("n", "<i>n</i>")),
        rows=(("<script>alert(1)</script>", 4), ("A & B", 2)),
    )
    chart = bar_chart(table)

    root = parse(chart)  # would raise on broken markup
    assert "<script>" not in chart.svg
    assert root.find(f"{SVG}title").text == 'Reach <b>"bold"</b>'
    text = all_text(root)
    assert "<script>alert(1)</script>" in text
    assert "A & B" in text
    assert "<i>n</i>" in text


def test_long_label_is_shortened_on_the_chart_and_given_in_full_as_a_title():
    label = "Thomas More University of Applied Sciences, campus Geel and Turnhout"
    root = parse(bar_chart(enrolments([(label, 5), ("VIVES", 3)])))

    row = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "row")
    assert row.find(f"{SVG}title").text == label
    lines = [span.text for span in row.iter(f"{SVG}tspan")]
    assert 1 < len(lines) <= 2
    assert lines[-1].endswith("…")
    assert all(len(line) < 25 for line in lines)


def test_bar_lengths_are_proportional_to_the_values():
    widths = [float(rect.get("width")) for rect in bars(parse(bar_chart(INSTITUTIONS)))]

    values = [row[1] for row in INSTITUTIONS.rows]
    assert widths == pytest.approx([widths[0] * v / values[0] for v in values], abs=0.01)
    assert widths[0] == max(widths)


def test_grouped_bars_sit_one_below_the_other_from_the_same_start():
    rects = bars(parse(bar_chart(TWO_SERIES)))

    assert len(rects) == 6
    first_row = rects[:2]
    assert [r.get("data-series") for r in first_row] == ["0", "1"]
    assert first_row[0].get("x") == first_row[1].get("x")
    assert float(first_row[1].get("y")) >= float(first_row[0].get("y")) + float(
        first_row[0].get("height")
    )
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == pytest.approx(widths[1] * 5)  # 100 against 20
    assert max(widths) == widths[0]  # the longest bar is the largest single value


def test_stacked_bars_continue_one_another_on_one_line():
    rects = bars(parse(bar_chart(TWO_SERIES, stacked=True)))

    learners, staff = rects[0], rects[1]
    assert learners.get("y") == staff.get("y")
    assert float(staff.get("x")) == pytest.approx(
        float(learners.get("x")) + float(learners.get("width")), abs=0.01
    )
    # The scale is the largest row total: Thomas More's 120 against Howest's 100.
    row_lengths = [float(rects[i].get("width")) + float(rects[i + 1].get("width")) for i in (0, 2)]
    assert row_lengths[1] == pytest.approx(row_lengths[0] * 100 / 120, abs=0.02)
    assert "120" in texts(parse(bar_chart(TWO_SERIES, stacked=True)))


def test_several_series_have_a_legend_with_colour_and_pattern():
    root = parse(bar_chart(TWO_SERIES))

    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Learners", "Staff"]
    swatches = [rect.get("fill") for rect in legend.iter(f"{SVG}rect")]
    assert swatches[0] == PALETTE[0]
    assert swatches[1].startswith("url(#")  # the second series is hatched as well as coloured
    pattern_id = swatches[1][5:-1]
    pattern = next(p for p in root.iter(f"{SVG}pattern") if p.get("id") == pattern_id)
    assert pattern.find(f"{SVG}rect").get("fill") == PALETTE[1]


def contrast(colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_palette_stands_out_from_white():
    assert all(contrast(colour) >= 4.5 for colour in PALETTE)


def test_no_figure_draws_no_bar_and_prints_a_dash():
    root = parse(bar_chart(enrolments([("Thomas More", 12), ("VIVES", None)])))

    assert float(bars(root)[1].get("width")) == 0
    assert "—" in texts(root)


@pytest.mark.parametrize("rows", [[], [("Thomas More", 0), ("VIVES", None)]])
def test_empty_table_draws_nothing_and_says_so(rows):
    chart = bar_chart(enrolments(rows))

    assert chart.svg == ""
    assert chart.summary == "Enrolments by institution: nothing to show yet."


def test_max_rows_draws_the_first_rows_and_says_how_many_more():
    chart = bar_chart(INSTITUTIONS, max_rows=2)
    root = parse(chart)

    assert len(bars(root)) == 2
    assert "And 2 more rows, in the table." in texts(root)
    assert "4 rows, 213 in all" in chart.summary  # the summary speaks of every row


def test_columns_choose_what_is_drawn():
    chart = bar_chart(TWO_SERIES, columns=["staff"])

    assert len(bars(parse(chart))) == 3
    assert "highest Howest 50" in chart.summary
    with pytest.raises(ValueError, match="nope"):
        bar_chart(TWO_SERIES, columns=["nope"])


def test_number_format_can_be_given():
    chart = bar_chart(INSTITUTIONS, number_format=lambda n: f"{n} ECTS")

    assert "highest Thomas More 120 ECTS" in chart.summary
    assert "120 ECTS" in texts(parse(chart))


def test_numbers_follow_the_active_language():
    table = enrolments([("Thomas More", Decimal("3.5")), ("VIVES", 1.25), ("Howest", 2)])

    with translation.override("de"):
        chart = bar_chart(table)

    assert "3,5" in chart.summary
    assert "insgesamt 6,8" in chart.summary  # 3.5 + 1.25 + 2 = 6.75, to one decimal
    assert "3,5" in texts(parse(chart))


def test_share_bar_splits_one_bar_by_share():
    chart = share_bar([("Emitted", 30), ("Avoided", 90)], "CO₂ of mobility", id_prefix="co2")
    root = parse(chart)

    assert chart.summary == "CO₂ of mobility: Emitted 30 (25%), Avoided 90 (75%); 120 in all."
    emitted, avoided = (float(r.get("width")) for r in bars(root))
    assert avoided == pytest.approx(3 * emitted)
    assert root.get("aria-labelledby") == "co2-title co2-desc"
    assert share_bar([("Emitted", 0)], "CO₂").svg == ""


def test_share_bar_rounds_a_half_percent_up():
    chart = share_bar([("Emitted", 1), ("Avoided", 7)], "CO₂")

    assert "Emitted 1 (13%)" in chart.summary  # 12.5 %
    assert "Avoided 7 (88%)" in chart.summary  # 87.5 %


def test_a_series_without_any_figure_says_so_beside_the_others():
    # Research outputs carry a year only: broken down by term, their column has no figure.
    table = Table(
        "research",
        "Research",
        (Column("group", "Term", numeric=False), Column("agendas", "Agendas"),
         Column("outputs", "Outputs")),
        (("Autumn 2026", 2, None), ("Spring 2027", 1, None)),
    )  # fmt: skip

    chart = bar_chart(table)

    assert chart.summary == (
        "Agendas: highest Autumn 2026 2, lowest Spring 2027 1; 2 rows, 3 in all. "
        "Outputs: nothing to show yet."
    )
