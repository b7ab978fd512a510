"""The python-telegram-bot Application: thin handlers, evidence intake, access rules and every text it says."""
