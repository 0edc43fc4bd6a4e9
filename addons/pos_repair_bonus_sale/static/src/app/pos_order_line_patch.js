import {patch} from "@web/core/utils/patch";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";

patch(PosOrderline.prototype, {
    isRepairBonusDiscount() {
        // the deposit a pick-up deducts was paid: it lowers what is due, not the repair's price
        const downPayment = this.order_id?.config_id?.down_payment_product_id;
        if (this.sale_order_line_id?.is_downpayment || (downPayment && this.product_id?.id === downPayment.id)) {
            return false;
        }
        return super.isRepairBonusDiscount();
    },
});
