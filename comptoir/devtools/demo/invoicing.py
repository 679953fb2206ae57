"""OpenScop, the legal entity of the Comptoir Numérique, invoices what the place sells: its
invoicing profile (a SCOP subject to VAT), so the demo's sales are invoiced and their
payments numbered and chained like a real place's."""

from __future__ import annotations

from comptoir.billing.models import Order
from comptoir.community.models import Organization, Person
from comptoir.invoicing import selectors as invoicing_selectors
from comptoir.invoicing import services as invoicing
from comptoir.invoicing.models import InvoicingProfile, VatRegime
from comptoir.invoicing.services import closings
from comptoir.lending.models import Loan
from comptoir.places.models import Place

ADDRESS = "3 rue Javelin Pagnon, 42000 Saint-Étienne"


def vat_number(siren: str) -> str:
    """The French VAT number of a SIREN: FR, a two-digit key, the SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def load_invoicing_profile(entity: Organization) -> InvoicingProfile:
    existing = InvoicingProfile.objects.filter(organization=entity).first()
    if existing is not None:
        return existing
    profile = InvoicingProfile(
        organization=entity,
        address=ADDRESS,
        vat_regime=VatRegime.SUBJECT,
        vat_number=vat_number(entity.siret[:9]),
        late_penalty_rate_bp=1000,
        payment_terms_days=30,
    )
    profile.full_clean()  # the same checks as any profile entered by hand
    profile.save()
    return profile


def load_invoices(place: Place, by: Person) -> None:
    """The concierge invoices every paid sale of the place that has no invoice yet (a
    structure needs one to account for its subscription). A loan's deposit is no sale: it
    is given back, and keeps its receipt."""
    deposits = Loan.objects.filter(deposit_order__isnull=False).values("deposit_order_id")
    sales = Order.objects.filter(place=place, status=Order.Status.PAID).exclude(pk__in=deposits)
    for order in sales.order_by("pk"):
        if invoicing_selectors.invoice_of_order(order_id=order.pk) is None:
            invoicing.invoice_issue(order=order, by=by)
    if place.legal_entity_id is not None:
        # Yesterday and last month closed, as the scheduler does each morning.
        closings.closings_due(seller_id=place.legal_entity_id)
