"""describe_error: every failure a user or operator can cause has its own Indonesian text, HTML-escaped."""

from __future__ import annotations

import inspect

import pytest

import plan.errors as errors
from bot.error_texts import describe_error
from plan.model import DuePeriod, Status
from plan.targets import parse_target

EVIL = "<script>"
JULY = parse_target("Juli 2022", 2022)[0]

SAMPLES: dict[type[errors.ZibotError], errors.ZibotError] = {
    errors.UnknownCode: errors.UnknownCode(EVIL, ("II.2.3", "II.2.2")),
    errors.UnknownPeriod: errors.UnknownPeriod("II.3.2", EVIL, ("Juni 2022", "Desember 2022")),
    errors.Unscheduled: errors.Unscheduled("III.1.2"),
    errors.NothingOpen: errors.NothingOpen("III.5.1", JULY),
    errors.WrongTeam: errors.WrongTeam("II.1", "TL", "Tim Penata tata Laksana"),
    errors.HiddenTeam: errors.HiddenTeam("II.1", "TL", "Tim Penata tata Laksana"),
    errors.UnknownTeam: errors.UnknownTeam(EVIL, ("TL (Tim Penata tata Laksana)",)),
    errors.PlanFileError: errors.PlanFileError("plan.json", "areas[0]", EVIL),
    errors.PlanFileMissing: errors.PlanFileMissing(EVIL),
    errors.UnknownScope: errors.UnknownScope(EVIL, ("SDM", "II")),
    errors.NotAnAction: errors.NotAnAction("II", ("II.1.1", "II.2.1")),
    errors.NotReported: errors.NotReported("II.1.1", "Mei 2022", Status.BELUM),
    errors.WhichPeriod: errors.WhichPeriod("II.2.1", ("April 2022", "Mei 2022")),
    errors.ReasonRequired: errors.ReasonRequired("II.1.1"),
    errors.UnboundChat: errors.UnboundChat(-1001),
    errors.CoordinatorOnly: errors.CoordinatorOnly("daftar"),
    errors.AlreadyReported: errors.AlreadyReported("II.2.1", "Maret 2022", Status.DISETUJUI),
    errors.NothingToCancel: errors.NothingToCancel("II.1.1", "Mei–November 2022"),
    errors.CannotCancel: errors.CannotCancel("II.1.1", "Mei–November 2022", EVIL),
    errors.NoSuchEvidence: errors.NoSuchEvidence("II.1.1", "Mei–November 2022", 7),
    errors.CannotWithdraw: errors.CannotWithdraw("II.1.1", "Mei–November 2022", 2, EVIL, own=False),
    errors.EvidenceTooLarge: errors.EvidenceTooLarge(EVIL, 25 * 1024 * 1024, 20 * 1024 * 1024),
    errors.UnsupportedEvidence: errors.UnsupportedEvidence("voice"),
    errors.MalformedCommand: errors.MalformedCommand("selesai"),
    errors.ExportTargetNotEmpty: errors.ExportTargetNotEmpty(EVIL),
    errors.PackageTooLarge: errors.PackageTooLarge(60 * 1024 * 1024, 50 * 1024 * 1024),
    errors.NoPlanForYear: errors.NoPlanForYear(2021, (2022, 2023)),
    errors.OtherOffice: errors.OtherOffice(EVIL, "KPU Kota Surakarta"),
    errors.PlanReadOnly: errors.PlanReadOnly(2022, 2023),
    errors.ProposalGone: errors.ProposalGone(2022),
    errors.ProposalApplied: errors.ProposalApplied(2022),
    errors.LkeEvaluatorOnly: errors.LkeEvaluatorOnly("lke"),
    errors.LkePrivateOnly: errors.LkePrivateOnly("lke"),
    errors.StaleLkeButton: errors.StaleLkeButton(EVIL),
    errors.LkeFileError: errors.LkeFileError("lke.json", "questions[3].options", EVIL),
    errors.UnknownLkeQuestion: errors.UnknownLkeQuestion((EVIL, "PPA9Z")),
    errors.BadLkeAnswer: errors.BadLkeAnswer("PPA1A", EVIL, "ya atau tidak"),
    errors.BadAnswersFile: errors.BadAnswersFile(EVIL, "not a JSON object"),
}
MEANING = {
    errors.UnknownCode: ("II.2.3", "II.2.2"),
    errors.PlanFileMissing: ("tidak ditemukan", "ZIBOT_PLAN"),
    errors.UnknownPeriod: ("Juni 2022", "Desember 2022"),
    errors.Unscheduled: ("III.1.2", "target waktu"),
    errors.NothingOpen: ("Juli 2022", "Jumat, 1 Juli 2022", "/selesai III.5.1 2022-07"),
    errors.WrongTeam: ("II.1", "Tim Penata tata Laksana"),
    errors.HiddenTeam: ("II.1", "Tim Penata tata Laksana", "koordinator"),
    errors.UnknownTeam: ("TL (Tim Penata tata Laksana)",),
    errors.NotAnAction: ("II.1.1", "II.2.1"),
    errors.WhichPeriod: ("April 2022", "Mei 2022"),
    errors.CoordinatorOnly: ("/daftar", "koordinator"),
    errors.AlreadyReported: ("Maret 2022", "disetujui", "/bukti II.2.1"),
    errors.EvidenceTooLarge: ("25 MB", "20 MB", "tautan"),
    errors.UnsupportedEvidence: ("Pesan suara",),
    errors.MalformedCommand: ("/selesai II.1",),
    errors.PackageTooLarge: ("60 MB", "50 MB", "zibot ekspor bukti"),
    errors.NoPlanForYear: ("2021", "2022, 2023", "zibot plan impor"),
    errors.OtherOffice: ("KPU Kota Surakarta",),
    errors.PlanReadOnly: ("2022", "2023", "/rencana"),
    errors.ProposalGone: ("2022", "/rencana"),
    errors.ProposalApplied: ("2022", "sudah diterapkan"),
    errors.LkeEvaluatorOnly: ("/lke", "koordinator", "TPI"),
    errors.LkePrivateOnly: ("/lke", "obrolan pribadi"),
    errors.StaleLkeButton: ("tidak ada yang disimpan",),
    errors.LkeFileError: ("Berkas LKE", "lke.json", "questions[3].options"),
    errors.UnknownLkeQuestion: ("PPA9Z", "PPA1A"),
    errors.BadLkeAnswer: ("PPA1A", "ya atau tidak"),
    errors.BadAnswersFile: ("Berkas jawaban", "not a JSON object"),
}


def _every_error_class() -> set[type[errors.ZibotError]]:
    return {
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.ZibotError) and cls not in (errors.ZibotError, errors.CommandError)  # bases
    }


def test_every_error_in_plan_errors_has_a_sample_here() -> None:
    missing = _every_error_class() - set(SAMPLES)
    assert not missing, f"give these a text in bot/error_texts.describe_error and a sample here: {missing}"


@pytest.mark.parametrize("cls", sorted(SAMPLES, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_each_error_has_its_own_escaped_text(
    cls: type[errors.ZibotError], caplog: pytest.LogCaptureFixture
) -> None:
    text = describe_error(SAMPLES[cls])
    assert "tidak bisa diproses" not in text and not caplog.records  # not the generic fallback
    assert EVIL not in text  # user and plan text are escaped
    if EVIL in str(SAMPLES[cls]):
        assert "&lt;script&gt;" in text
    for meaning in MEANING.get(cls, ()):
        assert meaning in text, (cls.__name__, meaning)


def test_nothing_open_without_an_upcoming_period_says_everything_is_reported() -> None:
    assert "sudah dilaporkan" in describe_error(errors.NothingOpen("II.1.1"))


def test_an_error_without_its_own_text_gets_a_general_answer(caplog: pytest.LogCaptureFixture) -> None:
    class Surprise(errors.ZibotError):
        pass

    assert "/bantuan" in describe_error(Surprise("x"))
    assert "no Indonesian text" in caplog.text


def test_sample_period_is_a_due_period() -> None:
    assert isinstance(JULY, DuePeriod) and JULY.key == "2022-07"
