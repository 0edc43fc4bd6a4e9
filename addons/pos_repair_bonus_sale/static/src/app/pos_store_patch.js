import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {DropOffDialog} from "./drop_off_dialog/drop_off_dialog";

/** What a till line tells the sale order of a drop-off: its repair types, item and photos. */
export function repairSaleLineValues(line) {
    return {
        product_id: line.product_id.id,
        qty: line.get_quantity(),
        price_unit: line.get_unit_price(),
        discount: line.get_discount(),
        eco_bonus_repair_type_ids: line.eco_bonus_repair_type_ids.map((type) => type.id),
        eco_bonus_item: line.eco_bonus_item || 0,
        eco_bonus_declined: Boolean(line.eco_bonus_declined),
        eco_bonus_photos: line.eco_bonus_photo_ids.map((photo) => ({name: photo.name, image: photo.image})),
    };
}

patch(PosStore.prototype, {
    /**
     * The items left at the counter: a sale order with their repair types and photos,
     * and a deposit paid now as its down payment if the customer gives one.
     */
    async dropOffRepairs() {
        const order = this.get_order();
        const partner = order.get_partner();
        if (!partner) {
            this.notification.add(_t("Choose the customer first: the repairs wait in their name."), {
                type: "warning",
            });
            return;
        }
        const lines = order.get_orderlines();
        // the items left, as they are rung up: no reward, discount, refund or line of another order
        const plain = (line) =>
            line.get_quantity() > 0 &&
            line.get_unit_price() >= 0 &&
            !line.is_reward_line &&
            !line.refunded_orderline_id &&
            !line.sale_order_origin_id;
        if (!lines.length || !lines.every(plain) || order.payment_ids.length) {
            this.notification.add(_t("A drop-off holds only the repairs of the items left, with no payment yet."), {
                type: "warning",
            });
            return;
        }
        const incomplete = order.repairBonusIncompleteLines(this.company.eco_bonus_min_photos);
        if (incomplete.length) {
            this.dialog.add(AlertDialog, {
                title: _t("Repair bonus"),
                body: _t(
                    '%(product)s needs its repair type and at least %(count)s photos of the item: they are taken now, when the item is left. Tap the line to complete it, or choose "No bonus".',
                    {product: incomplete[0].get_full_product_name(), count: this.company.eco_bonus_min_photos}
                ),
            });
            return;
        }
        if (!this.config.down_payment_product_id && this.config.raw.down_payment_product_id) {
            await this.data.read("product.product", [this.config.raw.down_payment_product_id]);
        }
        const bonus = order.computeRepairBonus();
        const payload = await makeAwaitable(this.dialog, DropOffDialog, {
            partner,
            total: order.get_total_with_tax(),
            bonus,
            // a deposit is the order's down payment: pos_sale's product of the till
            canTakeDeposit: Boolean(this.config.down_payment_product_id),
        });
        if (!payload) {
            return;
        }
        const saleOrder = await this.data.call("sale.order", "create_drop_off_from_pos", [
            this.config.id,
            {
                partner_id: partner.id,
                commitment_date: payload.pickup,
                note: payload.note,
                lines: lines.map(repairSaleLineValues),
            },
        ]);
        // the repairs now wait as the sale order: the till order is emptied
        for (const line of [...order.lines]) {
            for (const photo of [...line.eco_bonus_photo_ids]) {
                photo.delete();
            }
            line.delete();
        }
        this.notification.add(
            _t("%(order)s: the repairs wait for the pick-up, to settle from Quotation/Order.", {
                order: saleOrder.name,
            }),
            {type: "success"}
        );
        // the sale order's own total (its taxes, its fiscal position) bounds the deposit
        const deposit = Math.min(payload.deposit, Math.max(saleOrder.amount_total - bonus, 0));
        if (!(deposit > 0)) {
            await this.deleteOrders([order]);
            order.uiState.displayed = false;
            this.afterOrderDeletion();
            return;
        }
        const sale = await this._getSaleOrder(saleOrder.id);
        order.set_partner(partner);
        await this._createDownpaymentLines(sale, deposit);
        // pos_sale adds the down-payment lines without waiting for them
        await new Promise((resolve) => setTimeout(resolve, 0));
        this.showScreen("PaymentScreen", {orderUuid: order.uuid});
    },

    /** At the pick-up, the settled lines get the repair types, items and photos of the drop-off. */
    async settleSO(saleOrder) {
        const order = this.get_order();
        const before = new Set(order.lines);
        await super.settleSO(...arguments);
        const lines = order.lines.filter(
            (line) =>
                !before.has(line) &&
                line.product_id.refashion_eligible &&
                line.sale_order_line_id &&
                (line.sale_order_line_id.eco_bonus_repair_type_ids?.length ||
                    line.sale_order_line_id.eco_bonus_declined ||
                    line.sale_order_line_id.eco_bonus_photo_count)
        );
        if (!lines.length) {
            return;
        }
        const photos = await this.data.call("sale.order.line", "get_eco_bonus_photos_for_pos", [
            [...new Set(lines.map((line) => line.sale_order_line_id.id))],
        ]);
        // item numbers are the sale order's: renumbered after those of the order
        let next = Math.max(0, ...order.lines.map((line) => line.eco_bonus_item || 0));
        const items = new Map();
        const photographed = new Set();
        for (const line of lines) {
            const source = line.sale_order_line_id;
            let item = 0;
            if (source.eco_bonus_item) {
                if (!items.has(source.eco_bonus_item)) {
                    items.set(source.eco_bonus_item, ++next);
                }
                item = items.get(source.eco_bonus_item);
            }
            // a line pos_sale splits by unit keeps the photos once
            const linePhotos = photographed.has(source.id) ? [] : photos[source.id] || [];
            photographed.add(source.id);
            line.update({
                eco_bonus_item: item,
                eco_bonus_declined: Boolean(source.eco_bonus_declined),
                eco_bonus_repair_type_ids: [["clear"], ["link", ...source.eco_bonus_repair_type_ids]],
                eco_bonus_photo_ids: linePhotos.map((photo) => ["create", {name: photo.name, image: photo.image}]),
            });
        }
    },
});
