import pytest

from plan.codes import canonical_code, resolve, resolve_actions
from plan.errors import UnknownCode


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
    ],
)
def test_canonical_code(typed: str, canonical: str) -> None:
    assert canonical_code(typed) == canonical


def test_component_with_one_indicator_means_its_action(plan) -> None:  # type: ignore[no-untyped-def]
    (action,) = resolve_actions(plan, "II.1")
    assert action.code == "II.1.1"
    assert [a.code for a in resolve_actions(plan, "2.2")] == ["II.2.1", "II.2.2", "II.2.3"]
    assert len(resolve_actions(plan, "iv")) == 10


@pytest.mark.parametrize(("typed", "near"), [("II.9", "II.1"), ("II.2.7", "II.2.3"), ("VII.1", "VI.1")])
def test_unknown_code_offers_nearest(plan, typed: str, near: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownCode) as caught:
        resolve(plan, typed)
    assert caught.value.code == typed
    assert near in caught.value.nearest
