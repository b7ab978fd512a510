import pytest

from plan.codes import canonical_code, resolve
from plan.errors import UnknownCode
from plan.model import Action, Area, Component, Plan
from plan.numerals import roman, roman_value


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("II.1", "II.1"),
        ("ii.1", "II.1"),
        ("2.1", "II.1"),
        ("II-2-3", "II.2.3"),
        (" 2 2 3 ", "II.2.3"),
        ("vi", "VI"),
        ("III.01", "III.1"),
        ("hello", "HELLO"),
        # l, I and 1 look alike on a phone, and so do O and 0.
        ("ll.2.1", "II.2.1"),
        ("Il.2.1", "II.2.1"),
        ("1l.2", "II.2"),
        ("Vl.1", "VI.1"),
        ("lV.1", "IV.1"),
        ("II.l.O", "II.1.0"),
        ("l", "I"),
        ("lol", "LOL"),
        # Superscripts are digits int() refuses: not a code, not a crash.
        ("²", "²"),
        ("II.²", "II.²"),
    ],
)
def test_canonical_code(typed: str, canonical: str) -> None:
    assert canonical_code(typed) == canonical


def test_codes_resolve_to_areas_components_and_actions(plan: Plan) -> None:
    component = resolve(plan, "2.2")
    assert isinstance(component, Component)
    assert [a.code for a in component.actions] == ["II.2.1", "II.2.2", "II.2.3"]
    area = resolve(plan, "iv")
    assert isinstance(area, Area) and len(area.actions) == 10
    action = resolve(plan, "ll.2.1")
    assert isinstance(action, Action) and action.code == "II.2.1"


@pytest.mark.parametrize("typed", ["²", "II.²", "II.2.²", "ll.²"])
def test_superscript_digits_are_an_unknown_code(plan: Plan, typed: str) -> None:
    with pytest.raises(UnknownCode) as caught:
        resolve(plan, typed)
    assert caught.value.code == typed


@pytest.mark.parametrize(
    ("typed", "near"), [("II.9", "II.1"), ("II.2.7", "II.2.3"), ("VII.1", "VI.1"), ("ll.2.7", "II.2.3")]
)
def test_unknown_code_offers_nearest(plan: Plan, typed: str, near: str) -> None:
    with pytest.raises(UnknownCode) as caught:
        resolve(plan, typed)
    assert caught.value.code == typed
    assert near in caught.value.nearest


@pytest.mark.parametrize("typed", ["II21", "ii21", "221", "ii.21", "2 21"])
def test_a_code_typed_without_its_dots_offers_the_code_with_them_first(plan: Plan, typed: str) -> None:
    with pytest.raises(UnknownCode) as caught:
        resolve(plan, typed)
    assert caught.value.nearest == ("II.2.1",)


def test_roman_numerals_both_ways() -> None:
    assert [roman(n) for n in range(1, 10)] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert all(roman_value(roman(n)) == roman_value(roman(n).lower()) == n for n in range(1, 10))
    assert roman_value("X") is None
    with pytest.raises(ValueError, match=r"I\.\.IX"):
        roman(0)
