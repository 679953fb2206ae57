"""Writes of the access app, by subject; import them from here."""

from comptoir.access.services.plans import plan_create, plan_update
from comptoir.access.services.purchases import plan_buy, purchase_fulfil
from comptoir.access.services.sales import Sale, plan_sell
from comptoir.access.services.subscriptions import (
    current_period,
    period_bounds,
    subscription_cancel,
    subscription_end,
    subscription_pause,
    subscription_renew,
    subscription_resume,
    subscriptions_renew_due,
)
from comptoir.access.services.tickets import (
    Consumption,
    UsableBook,
    balance,
    balances,
    lock_holder,
    lock_holder_get,
    ticket_book_adjust,
    ticket_books_expire,
    ticket_consume,
    ticket_take_found,
    usable_book_sql,
)

__all__ = [
    "Consumption",
    "Sale",
    "UsableBook",
    "balance",
    "balances",
    "current_period",
    "lock_holder",
    "lock_holder_get",
    "period_bounds",
    "plan_buy",
    "plan_create",
    "purchase_fulfil",
    "plan_sell",
    "plan_update",
    "subscription_cancel",
    "subscription_end",
    "subscription_pause",
    "subscription_renew",
    "subscription_resume",
    "subscriptions_renew_due",
    "ticket_book_adjust",
    "ticket_books_expire",
    "ticket_consume",
    "ticket_take_found",
    "usable_book_sql",
]
