import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {PaymentLinkDialog} from "./payment_link_dialog/payment_link_dialog";

patch(PosStore.prototype, {
    async setup() {
        await super.setup(...arguments);
        this.paymentLinkListeners = new Set();
        this.onNotified("PAYMENT_LINK_PAID", (payload) => {
            for (const listener of this.paymentLinkListeners) {
                listener(payload);
            }
        });
    },

    get paymentLinkMethod() {
        return this.config.payment_method_ids.find((method) => method.is_payment_link);
    },

    sendPaymentLink(props) {
        this.dialog.add(PaymentLinkDialog, props);
    },

    /** The order rung up becomes a sale order collected later, with a deposit link. */
    async sendDepositLink() {
        const order = this.get_order();
        const partner = order.get_partner();
        if (!partner) {
            this.notification.add(_t("Choose the customer of the order first."), {type: "warning"});
            return;
        }
        const lines = order.get_orderlines().filter((line) => line.get_quantity() > 0);
        if (!lines.length) {
            this.notification.add(_t("Add the products of the order first."), {type: "warning"});
            return;
        }
        const maxAmount = this.depositLinkMaxAmount(order);
        this.sendPaymentLink({
            title: _t("Deposit by payment link"),
            purpose: "deposit",
            partner,
            amount: maxAmount,
            maxAmount,
            askPickup: true,
            send: async (values) => {
                const link = await this.data.call("pos.payment.link", "create_deposit_from_pos", [
                    this.config.id,
                    {
                        partner_id: partner.id,
                        commitment_date: values.pickup,
                        note: values.note,
                        lines: lines.map((line) => this.depositLinkLineValues(line)),
                    },
                    {amount: values.amount, channel: values.channel, address: values.address},
                ]);
                // the order now lives as a sale order, settled at the pickup
                await this.deleteOrders([order]);
                order.uiState.displayed = false;
                this.afterOrderDeletion();
                return link;
            },
        });
    },

    /** The most a deposit link asks for the order: its total. */
    depositLinkMaxAmount(order) {
        return order.get_total_with_tax();
    },

    /** What the sale order of a deposit link keeps of a till line. */
    depositLinkLineValues(line) {
        return {
            product_id: line.product_id.id,
            qty: line.get_quantity(),
            price_unit: line.get_unit_price(),
            discount: line.get_discount(),
        };
    },

    sendWalletLink(partner) {
        const wallet = this.models["loyalty.program"].find((program) => program.program_type === "ewallet");
        if (!wallet) {
            this.notification.add(_t("No eWallet programme is available in this point of sale."), {
                type: "warning",
            });
            return;
        }
        this.sendPaymentLink({
            title: _t("Credit the wallet by payment link"),
            purpose: "wallet",
            partner,
            send: (values) =>
                this.data.call("pos.payment.link", "create_from_pos", [
                    this.config.id,
                    {
                        purpose: "wallet",
                        partner_id: partner.id,
                        loyalty_program_id: wallet.id,
                        amount: values.amount,
                        channel: values.channel,
                        address: values.address,
                    },
                ]),
        });
    },

    async sendSettlementLink(partner) {
        const items = await this.data.call("pos.payment.link", "get_open_items_for_pos", [this.config.id, partner.id]);
        if (!items.length) {
            this.notification.add(_t("%s has nothing left to pay.", partner.name), {type: "info"});
            return;
        }
        this.sendPaymentLink({
            title: _t("Settle the account by payment link"),
            purpose: "settlement",
            partner,
            items,
            send: (values) =>
                this.data.call("pos.payment.link", "create_from_pos", [
                    this.config.id,
                    {
                        purpose: "settlement",
                        partner_id: partner.id,
                        move_line_ids: values.itemIds,
                        channel: values.channel,
                        address: values.address,
                    },
                ]),
        });
    },
});
