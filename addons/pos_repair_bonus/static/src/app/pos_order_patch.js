import {patch} from "@web/core/utils/patch";
import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {deserializeDateTime} from "@web/core/l10n/dates";
import {linesBonus, repairItems} from "./repair_bonus";

patch(PosOrderline.prototype, {
    can_be_merged_with(orderline) {
        // each repaired item keeps its own repair types and photos
        if (this.product_id.refashion_eligible) {
            return false;
        }
        return super.can_be_merged_with(orderline);
    },

    /**
     * A line of negative price lowers the price of the order's repairs, as a discount
     * does, unless it refunds a line or settles a payment (the server's
     * pos.order._eco_bonus_is_discount).
     */
    isRepairBonusDiscount() {
        return !this.refunded_orderline_id;
    },
});

patch(PosOrder.prototype, {
    get repairBonusPayments() {
        return this.payment_ids.filter((payment) => payment.payment_method_id.is_repair_bonus);
    },

    /** The bonus of the order's repairs, less what its refunds give back. */
    computeRepairBonus() {
        const total = linesBonus(this.lines.filter((line) => !line.refunded_orderline_id)) + this.refundRepairBonus();
        return Math.round(total * 100) / 100;
    },

    /**
     * What the refunded lines give back of their orders' bonus (negative): what the
     * refunded items earned less what the rest still earns, on the grid of the
     * sale's day. The customer gets back only what they paid.
     */
    refundRepairBonus() {
        const refunded = new Map();
        for (const line of this.lines) {
            const original = line.refunded_orderline_id;
            if (!original?.order_id || line.get_quantity() >= 0) {
                continue;
            }
            if (!refunded.has(original.order_id)) {
                refunded.set(original.order_id, []);
            }
            refunded.get(original.order_id).push(line);
        }
        let total = 0;
        for (const [order, refundLines] of refunded) {
            if (!order.payment_ids.some((payment) => payment.payment_method_id?.is_repair_bonus)) {
                continue;
            }
            const day = deserializeDateTime(order.date_order).toISODate();
            // what the paid refunds (but this one) left: the server's _eco_bonus_kept_quantities
            const before = new Map(order.lines.map((line) => [line, this.keptQuantity(line)]));
            const after = new Map(before);
            for (const line of refundLines) {
                after.set(line.refunded_orderline_id, after.get(line.refunded_orderline_id) + line.get_quantity());
            }
            total += linesBonus(order.lines, after, day) - linesBonus(order.lines, before, day);
        }
        return Math.round(total * 100) / 100;
    },

    keptQuantity(line) {
        const refunds = (line.refund_orderline_ids || []).filter(
            (refund) => refund.order_id && refund.order_id !== this && refund.order_id.finalized
        );
        if (refunds.length || !line.refunded_qty) {
            return refunds.reduce((quantity, refund) => quantity + refund.qty, line.qty);
        }
        // refunds the till does not hold: what the server counted, but this order's lines
        const mine = this.lines
            .filter((l) => l.refunded_orderline_id === line && typeof l.id === "number")
            .reduce((quantity, l) => quantity - l.qty, 0);
        return line.qty - line.refunded_qty + mine;
    },

    /** Lines the bonus needs something for before payment: repair type or photos (per item). */
    repairBonusIncompleteLines(minPhotos) {
        const lines = this.lines.filter((line) => line.get_quantity() > 0);
        const missingPhotos = new Set();
        for (const item of repairItems(lines)) {
            const photos = item.lines.reduce((count, line) => count + line.eco_bonus_photo_ids.length, 0);
            if (photos < minPhotos) {
                item.lines.forEach((line) => missingPhotos.add(line));
            }
        }
        return lines.filter(
            (line) =>
                line.product_id.refashion_eligible &&
                !line.eco_bonus_declined &&
                (!line.eco_bonus_repair_type_ids.length || missingPhotos.has(line))
        );
    },

    /** A new item number for ``line`` joining ``other``'s item. */
    joinRepairItem(line, other) {
        let number = other.eco_bonus_item;
        if (!number) {
            number = Math.max(0, ...this.lines.map((l) => l.eco_bonus_item || 0)) + 1;
            other.update({eco_bonus_item: number});
        }
        line.update({eco_bonus_item: number});
    },

    /** The bonus as a payment line the cashier cannot edit, kept equal to the rules. */
    applyRepairBonus(method) {
        if (!method || this.finalized) {
            return;
        }
        const amount = this.computeRepairBonus();
        const current = this.repairBonusPayments;
        if (current.length === 1 && Math.abs(current[0].get_amount() - amount) < 0.005) {
            return;
        }
        for (const payment of current) {
            this.remove_paymentline(payment);
        }
        if (amount !== 0) {
            const payment = this.add_paymentline(method);
            payment.set_amount(amount);
            this.select_paymentline(undefined);
        }
    },
});
