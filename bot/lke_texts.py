"""Indonesian texts of the LKE for coordinators and TPI evaluators: the score and verdicts, one question
with its answer, suggestion and mapped plan rows, an answer's history. The command line prints the history
without its tags (`bot.formatting.as_plain_text`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.formatting import echo, esc, format_datetime, shorten, split_message, status_icon
from bot.texts import NOTE_LIMIT
from plan.lke import Kind, Question
from plan.lke_map import Gaps
from plan.lke_score import Score, Suggestion
from reports.lke_text import answer_text, criterion_line, number, option_name
from store.lke_answers import StoredAnswer
from usecases.lke_answers import QuestionView

BUTTON_PREFIX = "lke"
GAPS = "celah"


def score_text(score: Score) -> list[str]:
    """`/lke`: total, pengungkit and hasil, then each verdict criterion by criterion with what is missing."""
    items = [
        f"📋 <b>Nilai LKE {number(score.total)}</b> dari 100\n"
        f"Pengungkit {number(score.pengungkit)} dari 60 (Pemenuhan {number(score.parts['PP'])}, "
        f"Reform {number(score.parts['PR'])}) · Hasil {number(score.hasil)} dari 40"
    ]
    for verdict in (score.wbk, score.wbbm):
        head = (
            "✅ memenuhi" if verdict.passed else f"❌ belum memenuhi ({len(verdict.unmet)} kriteria kurang)"
        )
        lines = [f"<b>{verdict.predicate}</b>: {head}"]
        lines += [
            f"{'✓' if c.met else '✗'} {esc(criterion_line(c, verdict.predicate))}" for c in verdict.criteria
        ]
        if verdict.prerequisites:
            lines.append(f"<i>Prasyarat (diperiksa TPI): {esc('; '.join(verdict.prerequisites))}</i>")
        items.append("\n".join(lines))
    items.append(
        "Rincian satu pertanyaan: <code>/lke PPA1A</code> · pertanyaan tanpa rencana aksi: /lke celah"
    )
    return split_message(items)


def chart_caption(score: Score) -> str:
    return f"📊 Nilai LKE {number(score.total)}: nilai tiap area (batang) dengan batas minimal WBK dan WBBM (garis)."


def _who_when(stored: StoredAnswer, tz: ZoneInfo) -> str:
    who = stored.author or stored.source
    return f"{esc(who)}, {format_datetime(stored.answered_at, tz)}"


def suggestion_line(suggestion: Suggestion | None) -> str:
    if suggestion is None:
        return "💡 Saran: — (belum ada rencana aksi yang dipetakan ke pertanyaan ini)"
    counted = f"{suggestion.approved} dari {suggestion.periods} periode rencana aksi disetujui"
    if suggestion.option is None:
        return f"💡 Bukti: {counted} (isi angkanya sendiri)"
    return f"💡 Saran dari bukti: <b>{esc(option_name(suggestion.option.key))}</b> ({counted})"


def question_text(view: QuestionView, tz: ZoneInfo) -> str:
    """`/lke KODE`: the question, its options, the current answer with who and when, the suggestion and the
    mapped plan rows with their status and evidence."""
    question = view.question
    lines = [f"<b>{esc(question.code)}</b> · bobot {number(view.weight)}", esc(question.text), ""]
    if question.kind is Kind.NUMERIC:
        lines += [f"• {esc(label)}" for label in question.input_labels]
        lines.append(
            f"Jawab dengan dua angka: <code>/lke {esc(question.code)} 12/10</code> (nilai n/d, paling tinggi 1)"
        )
    elif question.kind is Kind.SURVEY:
        lines.append(f"Jawab dengan indeks survei: <code>/lke {esc(question.code)} 3,6</code> (skala 4)")
    else:
        lines += [
            f"• {esc(shorten(option.label, 200))} ({number(option.value)})" for option in question.options
        ]
    lines.append("")
    current = view.current
    if current is None:
        lines.append("Jawaban: <i>belum dijawab</i>")
    else:
        lines.append(
            f"Jawaban: <b>{esc(answer_text(question, current.answer))}</b> (nilai {number(view.value or 0)}, "
            f"skor {number(view.score)}) · {_who_when(current, tz)}"
        )
        if current.note:
            lines.append(f"Catatan: {echo(current.note, NOTE_LIMIT)}")
    if view.previous is not None:
        lines.append(
            f"Sebelumnya: {esc(answer_text(question, view.previous.answer))} · {_who_when(view.previous, tz)}"
        )
    lines.append(suggestion_line(view.suggestion))
    if view.rows:
        lines.append("\n<b>Rencana aksi</b>")
        for row in view.rows:
            icons = "".join(status_icon(status) for status in row.statuses) or "—"
            lines.append(
                f"{esc(row.action.code)} {esc(shorten(row.action.indikator, 80))} · {esc(row.team_name)} · "
                f"{row.approved}/{len(row.statuses)} disetujui {icons} · {row.evidence} bukti"
            )
    return "\n".join(lines)


def answered(view: QuestionView) -> str:
    assert view.current is not None
    shown = answer_text(view.question, view.current.answer)
    return f"✅ Jawaban <b>{esc(view.question.code)}</b> disimpan: <b>{esc(shown)}</b>."


def answered_alert(view: QuestionView) -> str:
    """The short notice over the chat when a button is pressed (plain text)."""
    assert view.current is not None
    return f"Tersimpan: {view.question.code} {answer_text(view.question, view.current.answer)}"


def history_line(question: Question, entry: StoredAnswer, tz: ZoneInfo) -> str:
    note = f" — {echo(entry.note, NOTE_LIMIT)}" if entry.note else ""
    return f"{esc(answer_text(question, entry.answer))} · {_who_when(entry, tz)}{note}"


def gaps_text(found: Gaps, year: int) -> list[str]:
    """`/lke celah`: the questions no plan row serves, by part and area, each with its points, in messages
    that fit Telegram's limit (cut between areas, or between questions of a long area)."""
    items = [
        f"🕳 <b>Celah LKE rencana {year}</b>: {len(found.codes)} pertanyaan tanpa rencana aksi, "
        f"{number(found.total)} poin (pengungkit {number(found.pengungkit)}, "
        f"hasil {number(found.total - found.pengungkit)})"
    ]
    for part in found.parts:
        for area in part.areas:
            lines = [
                f"<b>{esc(area.area.code)} {esc(area.area.name)}</b> ({esc(part.part.name)}): "
                f"{len(area.gaps)} pertanyaan, {number(area.points)} dari {number(area.area.weight)} poin"
            ]
            lines += [
                f"• {esc(gap.question.code)} ({number(gap.weight)}) {esc(shorten(gap.question.text, 90))}"
                for gap in area.gaps
            ]
            items.append("\n".join(lines))
    items.append(
        "Petakan baris rencana ke pertanyaan dengan <code>zibot lke peta KODE_BARIS KODE_LKE</code>."
    )
    return split_message(items)
