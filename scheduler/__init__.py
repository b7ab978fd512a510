"""Reminder policy, working-day calendar and the daily tick; hands finished reminders to a `Sender`."""
