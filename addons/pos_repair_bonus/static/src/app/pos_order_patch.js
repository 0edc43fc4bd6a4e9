import {patch} from "@web/core/utils/patch";
import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {lineBonus} from "./repair_bonus";

patch(PosOrderline.prototype, {
    can_be_merged_with(orderline) {
        // each repaired item keeps its own repair types and photos
        if (this.product_id.refashion_eligible) {
            return false;
        }
        return super.can_be_merged_with(orderline);
    },
});

patch(PosOrder.prototype, {
    get repairBonusPayments() {
        return this.payment_ids.filter((payment) => payment.payment_method_id.is_repair_bonus);
    },

    computeRepairBonus() {
        const total = this.lines.reduce((sum, line) => sum + lineBonus(line), 0);
        return Math.round(total * 100) / 100;
    },

    /** Lines the bonus needs something for before payment: repair type or photos. */
    repairBonusIncompleteLines(minPhotos) {
        return this.lines.filter(
            (line) =>
                line.product_id.refashion_eligible &&
                line.get_quantity() > 0 &&
                !line.eco_bonus_declined &&
                (!line.eco_bonus_repair_type_ids.length || line.eco_bonus_photo_ids.length < minPhotos)
        );
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
        if (amount > 0) {
            const payment = this.add_paymentline(method);
            payment.set_amount(amount);
            this.select_paymentline(undefined);
        }
    },
});
