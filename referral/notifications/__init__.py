"""In-app notifications, e-mail without personal data in the recipient's language, deadlines."""
