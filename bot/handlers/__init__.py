"""Handler modules: each exposes `register(application)`; app/wiring.py lists them. The commands they
answer are listed once, in bot/texts.py (COMMANDS)."""
