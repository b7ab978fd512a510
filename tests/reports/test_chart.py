import io
from datetime import date

from PIL import Image

from plan.model import Status
from plan.progress import Month, Scope, progress
from reports.chart import SIZE_PIXELS, progress_chart

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


def test_chart_is_a_phone_sized_png_with_done_and_overdue_bars(plan) -> None:  # type: ignore[no-untyped-def]
    area_iv_done = {(a.code, p.key): Status.DISETUJUI for a in plan.get("IV").actions for p in a.periods}
    png = progress_chart(progress(plan, area_iv_done, date(2022, 6, 10)))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found = colours(png)
    assert found[OVERDUE_RED] > BAR and found[DONE_GREEN] > BAR


def test_nothing_done_nothing_late_draws_neither_bar(plan) -> None:  # type: ignore[no-untyped-def]
    found = colours(progress_chart(progress(plan, {}, date(2022, 1, 1), Scope(team_code="PW"))))
    assert found.get(OVERDUE_RED, 0) < BAR and found.get(DONE_GREEN, 0) < BAR


def test_an_empty_scope_still_gives_a_picture(plan) -> None:  # type: ignore[no-untyped-def]
    colours(progress_chart(progress(plan, {}, date(2022, 6, 10), Scope(month=Month(2030, 1)))))
