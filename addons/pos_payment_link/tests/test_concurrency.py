import threading

import psycopg2

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentNotifications(TransactionCase):
    """Two workers at once, each with its own cursor and transaction, as two notifications of
    a provider, a notification and the status page, or the cron would be: one credit.

    The workers see only committed data: it is made in a cursor of its own before the test
    and removed the same way after it."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            journal = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
            provider = env.ref("payment.payment_provider_demo").copy(
                {"name": "Demo (concurrency)", "state": "test", "is_published": True, "journal_id": journal.id}
            )
            top_up = env["product.product"].create({"name": "Recharge (concurrency)", "type": "service"})
            program = env["loyalty.program"].create(
                {
                    "name": "Cagnotte (concurrency)",
                    "program_type": "ewallet",
                    "company_id": company.id,
                    "rule_ids": [
                        Command.clear(),
                        Command.create(
                            {"reward_point_amount": 1, "reward_point_mode": "money", "product_ids": top_up.ids}
                        ),
                    ],
                }
            )
            customer = env["res.partner"].create({"name": "Client concurrent"})
            link = env["pos.payment.link"].create(
                {
                    "purpose": "wallet",
                    "partner_id": customer.id,
                    "loyalty_program_id": program.id,
                    "amount": 25.0,
                    "company_id": company.id,
                }
            )
            self.ids = {
                "provider": provider.id,
                "product": top_up.id,
                "program": program.id,
                "customer": customer.id,
                "link": link.id,
            }
        self.addCleanup(self.remove_committed_data)

    def remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"force_delete": True})
            link = env["pos.payment.link"].browse(self.ids["link"])
            txs = env["payment.transaction"].search([("provider_id", "=", self.ids["provider"])])
            payments = txs.payment_id | txs.child_transaction_ids.payment_id
            invoices = txs.invoice_ids | payments.reconciled_invoice_ids
            payments.action_draft()
            payments.unlink()
            invoices.filtered(lambda move: move.state != "draft").button_draft()
            invoices.unlink()
            cards = env["loyalty.card"].search([("program_id", "=", self.ids["program"])])
            env["loyalty.history"].search([("card_id", "in", cards.ids)]).unlink()
            cards.unlink()
            link.activity_ids.unlink()
            link.transaction_ids.write({"payment_link_id": False})
            (txs.child_transaction_ids | txs).unlink()
            link.unlink()
            program = env["loyalty.program"].browse(self.ids["program"])
            program.active = False
            program.unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()
            env["payment.provider"].browse(self.ids["provider"]).unlink()

    def confirmed_transactions(self, count):
        """Transactions on the link confirmed by the provider, not post-processed yet."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            link = env["pos.payment.link"].browse(self.ids["link"])
            provider = env["payment.provider"].browse(self.ids["provider"])
            tx_ids = []
            for number in range(count):
                tx = env["payment.transaction"].create(
                    {
                        "provider_id": provider.id,
                        "payment_method_id": provider.payment_method_ids[:1].id,
                        "reference": f"{link.name}-c{number}",
                        "amount": link.amount,
                        "currency_id": link.currency_id.id,
                        "partner_id": link.partner_id.id,
                        "operation": "online_direct",
                        "payment_link_id": link.id,
                    }
                )
                tx._handle_notification_data("demo", {"reference": tx.reference, "simulated_state": "done"})
                tx_ids.append(tx.id)
            return tx_ids

    def post_process_at_once(self, tx_ids):
        """Each worker post-processes its transaction in its own cursor, all starting together;
        a worker that fails on a row another one changed is retried, as Odoo retries a request
        (odoo.service.model.retrying) and the cron a transaction."""
        barrier = threading.Barrier(len(tx_ids))
        errors = []

        def worker(tx_id):
            try:
                with self.registry.cursor() as cr:
                    # the test runner holds the registries' lock: give the worker this registry
                    cr.transaction = api.Transaction(self.registry)
                    # the e-mails of the chatter are queued, not sent after the commit from a new
                    # registry, which the runner's lock would make wait
                    env = api.Environment(cr, SUPERUSER_ID, {"mail_notify_force_send": False})
                    env["payment.transaction"].browse(tx_id).state  # noqa: B018 (the snapshot starts here)
                    barrier.wait(timeout=30)
                    for _attempt in range(5):
                        try:
                            env["payment.transaction"].browse(tx_id)._post_process()
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except psycopg2.errors.SerializationFailure:
                            cr.rollback()
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(tx_id,)) for tx_id in tx_ids]
        # the loser's failed lock is logged by the cursor before it is retried
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a worker is still waiting")
        self.assertFalse(errors)

    def outcome(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            link = env["pos.payment.link"].browse(self.ids["link"])
            cards = env["loyalty.card"].search([("program_id", "=", self.ids["program"])])
            return {
                "state": link.state,
                "points": sum(cards.mapped("points")),
                "history": env["loyalty.history"].search_count([("card_id", "in", cards.ids)]),
                "invoices": env["account.move"].search_count([("invoice_origin", "=", link.name)]),
                "outcomes": sorted(str(outcome) for outcome in link.transaction_ids.mapped("payment_link_outcome")),
                "refunds": len(link.transaction_ids.child_transaction_ids),
            }

    def test_two_workers_post_process_one_transaction(self):
        tx_id = self.confirmed_transactions(1)[0]
        self.post_process_at_once([tx_id, tx_id])
        self.assertEqual(
            self.outcome(),
            {"state": "paid", "points": 25.0, "history": 1, "invoices": 1, "outcomes": ["credited"], "refunds": 0},
        )

    def test_two_transactions_of_one_link_at_once(self):
        self.post_process_at_once(self.confirmed_transactions(2))
        self.assertEqual(
            self.outcome(),
            {
                "state": "paid",
                "points": 25.0,
                "history": 1,
                "invoices": 1,
                "outcomes": ["credited", "refund"],
                "refunds": 1,
            },
        )


@tagged("post_install", "-at_install")
class TestTwoTillsAtOnce(TransactionCase):
    """Two tills syncing at once the pickups of one sale order, both deducting its deposit:
    each sync takes the deposits its order deducts under a row lock, in its own cursor."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create({"name": "Client deux caisses"})
            product = env["product.product"].create(
                {"name": "Retouche (deux caisses)", "type": "service", "invoice_policy": "order", "list_price": 100.0}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id, "tax_id": [Command.clear()]})],
                }
            )
            order.action_confirm()
            link = env["pos.payment.link"].create(
                {"purpose": "deposit", "partner_id": customer.id, "sale_order_id": order.id, "amount": 40.0}
            )
            link.write({"state": "paid", "invoice_id": link._create_invoice(40.0).id})
            dp_line = link._down_payment_sale_lines()
            config = env["pos.config"].create({"name": "Caisse (deux caisses)"})
            session = env["pos.session"].create({"config_id": config.id})
            pos_orders = env["pos.order"].create(
                [
                    {
                        "session_id": session.id,
                        "partner_id": customer.id,
                        "amount_tax": 0.0,
                        "amount_total": -40.0,
                        "amount_paid": 0.0,
                        "amount_return": 0.0,
                        "lines": [
                            Command.create(
                                {
                                    "product_id": env.ref("pos_sale.default_downpayment_product").id,
                                    "qty": -1,
                                    "price_unit": 40.0,
                                    "price_subtotal": -40.0,
                                    "price_subtotal_incl": -40.0,
                                    "sale_order_origin_id": order.id,
                                    "sale_order_line_id": dp_line.id,
                                }
                            )
                        ],
                    }
                ]
                * 2
            )
            self.ids = {
                "customer": customer.id,
                "product": product.id,
                "order": order.id,
                "link": link.id,
                "config": config.id,
                "session": session.id,
                "pos_orders": pos_orders.ids,
            }
        self.addCleanup(self.remove_committed_data)

    def remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"force_delete": True})
            link = env["pos.payment.link"].browse(self.ids["link"])
            invoice = link.invoice_id
            link.activity_ids.unlink()
            link.unlink()
            # l10n_fr_pos_cert rightly forbids deleting a till order through the ORM; these two
            # drafts exist only for this test, which made and committed them itself
            env["pos.order"].browse(self.ids["pos_orders"]).message_ids.unlink()
            cr.execute("DELETE FROM pos_order WHERE id IN %s AND state = 'draft'", [tuple(self.ids["pos_orders"])])
            env.invalidate_all()
            env["pos.session"].browse(self.ids["session"]).unlink()
            env["pos.config"].browse(self.ids["config"]).unlink()
            invoice.button_draft()
            invoice.unlink()
            order = env["sale.order"].browse(self.ids["order"])
            order._action_cancel()
            order.unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def test_two_tills_deduct_one_deposit(self):
        barrier = threading.Barrier(2)
        results, errors = {}, []

        def till(pos_order_id):
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {"mail_notify_force_send": False})
                    pos_order = env["pos.order"].browse(pos_order_id)
                    pos_order.name  # noqa: B018  # pylint: disable=pointless-statement
                    barrier.wait(timeout=30)
                    for _attempt in range(5):
                        try:
                            taken, elsewhere = env["pos.payment.link"]._claim_deposits_for_pos_order(pos_order)
                            results[pos_order_id] = (taken.ids, elsewhere.ids)
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except psycopg2.errors.SerializationFailure:
                            cr.rollback()
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)

        threads = [threading.Thread(target=till, args=(order_id,)) for order_id in self.ids["pos_orders"]]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a till is still waiting")
        self.assertFalse(errors)
        link_id = self.ids["link"]
        self.assertEqual(
            sorted(results.values()), [([], [link_id]), ([link_id], [])], "one till takes it, the other is told"
        )
        winner = next(order_id for order_id, (taken, _elsewhere) in results.items() if taken)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["pos.payment.link"].browse(link_id).deposit_pos_order_id.id, winner)
