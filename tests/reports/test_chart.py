import io
from datetime import date

from PIL import Image

from plan.model import Area, Plan, Status
from plan.progress import Month, Scope, progress
from reports.chart import SIZE_PIXELS, draw_chart, progress_chart

OVERDUE_RED = (0xC6, 0x28, 0x28)
DONE_GREEN = (0x2E, 0x7D, 0x32)


def colours(png: bytes) -> dict[tuple[int, int, int], int]:
    """Pixel count per colour of a PNG that must be 1200 x 900."""
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == SIZE_PIXELS == (1200, 900)
    return {colour: count for count, colour in image.convert("RGB").getcolors(maxcolors=1200 * 900)}


# The legend's swatches alone are a few hundred pixels; a bar is thousands.
BAR = 2000


def test_chart_is_a_phone_sized_png_with_done_and_overdue_bars(plan: Plan) -> None:
    area_iv = plan.get("IV")
    assert isinstance(area_iv, Area)
    area_iv_done = {(a.code, p.key): Status.DISETUJUI for a in area_iv.actions for p in a.periods}
    png = progress_chart(progress(plan, area_iv_done, date(2022, 6, 10)))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found = colours(png)
    assert found[OVERDUE_RED] > BAR and found[DONE_GREEN] > BAR


def test_nothing_done_nothing_late_draws_neither_bar(plan: Plan) -> None:
    found = colours(progress_chart(progress(plan, {}, date(2022, 1, 1), Scope(team_codes=("PW",)))))
    assert found.get(OVERDUE_RED, 0) < BAR and found.get(DONE_GREEN, 0) < BAR


def test_an_empty_scope_still_gives_a_picture(plan: Plan) -> None:
    colours(progress_chart(progress(plan, {}, date(2022, 6, 10), Scope(month=Month(2030, 1)))))


def dark_pixels_at_the_edges(png: bytes, margin: int = 4) -> int:
    """Dark (text) pixels within `margin` of the left or right edge: a title or label cut off."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    edges = [x for x in range(margin)] + [x for x in range(width - margin, width)]
    return sum(1 for x in edges for y in range(height) if image.getpixel((x, y)) < 128)


def test_long_titles_and_labels_stay_inside_the_picture(plan: Plan) -> None:
    today = date(2022, 6, 10)
    for scope in (
        Scope(team_codes=("SDM",)),
        Scope(team_codes=("PP",), month=Month(2022, 6)),
        Scope(area_code="VI", month=Month(2022, 6)),
        Scope(),
    ):
        png = progress_chart(progress(plan, {}, today, scope))
        assert dark_pixels_at_the_edges(png) == 0, scope


def test_the_count_axis_has_whole_numbers_only(plan: Plan) -> None:
    # Area VI has three periods due in June: matplotlib alone would tick 0.5, 1.0, 1.5 ...
    figure = draw_chart(progress(plan, {}, date(2022, 6, 10), Scope(area_code="VI", month=Month(2022, 6))))
    figure.canvas.draw()
    [axes] = figure.axes
    ticks = [tick for tick in axes.get_xticks() if axes.get_xlim()[0] <= tick <= axes.get_xlim()[1]]
    assert len(ticks) >= 3 and all(tick == int(tick) for tick in ticks)


def test_a_months_bars_are_labelled_with_the_share_of_the_month_done(plan: Plan) -> None:
    """22 June, one June period done: the label says 1 of the area's June periods, as the text does, not
    100% of the one that is due."""
    june = Month(2022, 6)
    done = {("II.2.1", "2022-06"): Status.SELESAI}
    result = progress(plan, done, date(2022, 6, 22), Scope(month=june))
    [axes] = draw_chart(result).axes
    labels = {text.get_text().strip() for text in axes.texts}
    area_two = next(tally for tally in result.areas if tally.code == "II")
    assert area_two.due == 1  # only the done one counts as due so far
    assert f"{100 // area_two.total}% (1/{area_two.total})" in labels
    assert not any(label.startswith("100%") for label in labels)
