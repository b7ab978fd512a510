"""Rekap text, chart, spreadsheet and evidence package, shared by the bot and the command line."""
