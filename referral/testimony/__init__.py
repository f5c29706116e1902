"""Remote testimony: proceedings, hearing requests, sessions with participants across time zones."""
