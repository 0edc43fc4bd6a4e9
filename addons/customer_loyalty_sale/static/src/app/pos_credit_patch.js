import {patch} from "@web/core/utils/patch";
import {PosStore} from "@point_of_sale/app/store/pos_store";

/** The customer a credit figure belongs to: the company of a contact. */
function commercialId(partner) {
    return partner?.parent_id?.id || partner?.id;
}

patch(PosStore.prototype, {
    creditSettledByOrder(order) {
        // the lines of the customer's own confirmed sale order settled here were owed
        // already (the server's res.partner._customer_credit_owed): paid on account
        // they are not owed twice, paid otherwise they are owed no more; never more
        // than what the sale order line still owes
        const customer = commercialId(order.get_partner());
        let settled = 0;
        for (const line of order.lines) {
            const sale = line.sale_order_origin_id;
            const saleLine = line.sale_order_line_id;
            if (!customer || !saleLine || sale?.state !== "sale" || commercialId(sale.partner_id) !== customer) {
                continue;
            }
            const price = line.get_price_with_tax();
            if (saleLine.is_downpayment || !saleLine.product_uom_qty) {
                // a deposit deducted: what the order owed was already less by it
                settled += Math.min(price, 0);
                continue;
            }
            const left = Math.max(saleLine.product_uom_qty - (saleLine.qty_invoiced || 0), 0);
            settled += Math.min(price, (saleLine.price_total * left) / saleLine.product_uom_qty);
        }
        return super.creditSettledByOrder(order) + settled;
    },
});
