"""Demo section: tourists paying in Paris shops from their CNY wallets, so the tills, the wallet pages and the
balances have something true to show.

A pharmacy near the Panthéon takes wallet payments at its till; Maison Delaunay's boutique rue du
Faubourg Saint-Honoré has a till its Hangzhou partner runs (the brand grants it ``payments``), so its
sales will split three ways at settlement. Two tourists open built-in wallets (phone and the demo
password), top up from the offline bank and pay: by order QR, by payment code and by entry code; one
payment is partly refunded. Everything goes through payments' public services.
"""

from __future__ import annotations

from functools import partial

from comptoir import identity, payments
from comptoir.kernel.money import Money
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

SHOP_EMAIL = "caisse@pharmacie-monge.demo"
#: The tourists' wallets: sign in at /wallet/sign-in with the phone number and the demo password.
TOURISTS = (("王芳", "+8613800000001", "5000.00"), ("李伟", "+8613800000002", "1500.00"))


async def _principal(runtime: Runtime, email: str) -> Principal:
    session = await transact(
        runtime,
        partial(
            identity.sign_in, email=email, password=DEMO_PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, partial(identity.principal_for_session, token=session.token))
    assert principal is not None
    return principal


async def _pay_order_qr(
    runtime: Runtime, principal: Principal, till: str, holder: str, amount: str, n: str
) -> payments.Payment:
    code = await transact(
        runtime,
        partial(
            payments.create_order_qr,
            principal=principal,
            pos_id=till,
            amount=Money.parse(amount, "EUR"),
            request_id=f"demo-{n}",
            secret=runtime.settings.secret_key,
            site_url=runtime.settings.site_url,
        ),
    )
    token = code.url.rsplit("/", 1)[1]
    view = await transact(runtime, partial(payments.open_order_code, holder_id=holder, token=token))
    return await transact(
        runtime, partial(payments.confirm_order_code, holder_id=holder, token=token, quote_id=view.quote.id)
    )


async def build(runtime: Runtime) -> list[DemoLogin]:
    await transact(
        runtime,
        partial(
            identity.open_account,
            kind=OrganisationKind.SHOP,
            organisation_name="Pharmacie Monge",
            email=SHOP_EMAIL,
            password=DEMO_PASSWORD,
            settings=runtime.settings,
        ),
    )
    shop = await _principal(runtime, SHOP_EMAIL)
    brand = await _principal(runtime, "brand@delaunay.demo")
    partner = await _principal(runtime, "tp@xihu.demo")
    for delegation in await transact(runtime, partial(identity.delegations_of, principal=brand, include_revoked=False)):
        if delegation.partner_id == partner.organisation_id:
            await transact(
                runtime,
                partial(
                    identity.change_delegation_scopes,
                    principal=brand,
                    delegation_id=delegation.id,
                    scopes=sorted({*delegation.scopes, "payments"}),
                ),
            )
    shop_till = await transact(
        runtime, partial(payments.open_point_of_sale, principal=shop, name="Caisse principale", city="Paris 5e")
    )
    boutique = await transact(
        runtime,
        partial(
            payments.open_point_of_sale,
            principal=brand,
            name="Boutique Saint-Honoré",
            city="Paris 8e",
            operator_partner_id=partner.organisation_id,
        ),
    )
    await transact(
        runtime,
        partial(
            payments.set_bank_account, principal=shop, iban="FR7630006000011234567890189", holder="Pharmacie Monge"
        ),
    )
    await transact(
        runtime,
        partial(
            payments.set_bank_account, principal=brand, iban="FR1420041010050500013M02606", holder="Maison Delaunay"
        ),
    )
    holders = []
    for name, phone, cny in TOURISTS:
        holder = await transact(
            runtime,
            partial(
                payments.open_wallet, settings=runtime.settings, display_name=name, phone=phone, password=DEMO_PASSWORD
            ),
        )
        await transact(
            runtime,
            partial(
                payments.top_up,
                holder_id=holder.id,
                amount=Money.parse(cny, "CNY"),
                request_id="demo",
                bank_reference="offline bank",
            ),
        )
        holders.append(holder)
    wang, li = holders
    await _pay_order_qr(runtime, shop, shop_till.id, wang.id, "38.50", "1")
    scarf = await _pay_order_qr(runtime, partner, boutique.id, wang.id, "420.00", "2")
    code = await transact(runtime, partial(payments.issue_payment_code, holder_id=li.id))
    await payments.charge_payment_code(
        runtime,
        payments.wallet_networks(runtime)["builtin"],
        shop,
        pos_id=shop_till.id,
        amount=Money.parse("24.90", "EUR"),
        code=code.code,
        request_id="demo-3",
    )
    quote = await transact(
        runtime,
        partial(
            payments.quote_entry_payment,
            holder_id=li.id,
            entry_code=shop_till.entry_code,
            amount=Money.parse("12.00", "EUR"),
        ),
    )
    await transact(
        runtime,
        partial(
            payments.pay_entry_code,
            holder_id=li.id,
            entry_code=shop_till.entry_code,
            amount=Money.parse("12.00", "EUR"),
            quote_id=quote.quote.id,
            request_id="demo-4",
        ),
    )
    await transact(
        runtime,
        partial(
            payments.refund_payment,
            principal=partner,
            payment_id=scarf.id,
            amount=Money.parse("60.00", "EUR"),
            request_id="demo-return",
            reason="Taille échangée",
        ),
    )
    return [DemoLogin("shop: Pharmacie Monge", SHOP_EMAIL, DEMO_PASSWORD, "/till")]
