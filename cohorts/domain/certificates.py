"""Certificates of completion: issue, revoke, reissue, render."""


def certificates_issue_due(*, cohort, by=None) -> list:
    """Issue a certificate to everyone in `cohort` who has completed it and never had one."""
    raise NotImplementedError
