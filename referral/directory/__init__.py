"""Services offered by organisations: the inboxes referrals are addressed to."""
