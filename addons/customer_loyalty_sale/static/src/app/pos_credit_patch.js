import {patch} from "@web/core/utils/patch";
import {PosStore} from "@point_of_sale/app/store/pos_store";

patch(PosStore.prototype, {
    creditSettledByOrder(order) {
        // the lines of a confirmed sale order settled here were owed already (the
        // server's res.partner._customer_credit_owed): paid on account they are not
        // owed twice, paid otherwise they are owed no more
        const settled = order.lines
            .filter((line) => line.sale_order_origin_id?.state === "sale")
            .reduce((total, line) => total + line.get_price_with_tax(), 0);
        return super.creditSettledByOrder(order) + settled;
    },
});
