"""Cross-border referrals: state machine, guards, deadlines, messages."""
