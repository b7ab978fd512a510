"""Handler modules: each exposes `register(application)` and `COMMANDS`; app/wiring.py lists them."""
