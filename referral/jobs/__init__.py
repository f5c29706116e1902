"""Background jobs: `enqueue()` after commit; Celery in production, in-process when embedded."""

from referral.jobs.registry import enqueue, job, registered_jobs

__all__ = ["enqueue", "job", "registered_jobs"]
