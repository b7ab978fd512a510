"""The bot's command words, each written once: the use cases name the command a refusal is about, the
reporting acts are stored by them (evidence waits, held albums), and bot/texts.py's `COMMANDS` gives each
its help and its place in the menu."""

from __future__ import annotations

import enum


class CommandName(enum.StrEnum):
    TUGAS = "tugas"
    STATUS = "status"
    SELESAI = "selesai"
    BUKTI = "bukti"
    BATAL = "batal"
    TARIK = "tarik"  # withdraw one evidence item (usecases/withdrawal.py)
    REKAP = "rekap"
    DAFTAR = "daftar"
    SETUJUI = "setujui"
    TOLAK = "tolak"
    EKSPOR = "ekspor"
    LKE = "lke"
    RENCANA = "rencana"
    BANTUAN = "bantuan"
