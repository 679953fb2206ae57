"""Signals of billing: other apps act on a sale without billing knowing them."""

from django.dispatch import Signal

# Sent with `order` inside the transaction that marks it paid (a payment at the desk, online,
# or a zero total): what was bought and waited for its payment is handed over then.
order_paid = Signal()
