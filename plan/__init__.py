"""The domain, pure Python: the plan, target times as due periods, code lookup and progress arithmetic."""
