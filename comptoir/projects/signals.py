"""What projects announce to the apps above them, which it does not import."""

from django.dispatch import Signal

# A need was posted on a project (sent inside the transaction: receivers defer their work
# with `transaction.on_commit`). Arguments: need.
need_posted = Signal()
