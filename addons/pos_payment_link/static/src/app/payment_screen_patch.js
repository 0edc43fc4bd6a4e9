import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {onMounted} from "@odoo/owl";
import {PaymentScreen} from "@point_of_sale/app/screens/payment_screen/payment_screen";

/**
 * At the pickup of an order whose deposit was paid online, the deposit is deducted with
 * the payment link method: the customer pays the remainder only.
 */
patch(PaymentScreen.prototype, {
    setup() {
        super.setup(...arguments);
        onMounted(() => this.addPaymentLinkDeposit());
    },

    get paymentLinkDepositLeft() {
        const method = this.pos.paymentLinkMethod;
        const saleOrders = new Set(
            this.currentOrder.lines.map((line) => line.sale_order_origin_id).filter((order) => order)
        );
        const available = [...saleOrders].reduce(
            (total, order) => total + (order.payment_link_deposit_available || 0),
            0
        );
        const deducted = this.currentOrder.payment_ids
            .filter((payment) => payment.payment_method_id.id === method?.id)
            .reduce((total, payment) => total + payment.get_amount(), 0);
        return available - deducted;
    },

    addPaymentLinkDeposit() {
        const method = this.pos.paymentLinkMethod;
        const left = Math.min(this.paymentLinkDepositLeft, this.currentOrder.get_due());
        if (!method || left <= 0.000001) {
            return false;
        }
        const line = this.currentOrder.add_paymentline(method);
        if (line) {
            line.set_amount(left);
            this.numberBuffer.reset();
        }
        return Boolean(line);
    },

    async addNewPaymentLine(paymentMethod) {
        if (!paymentMethod.is_payment_link) {
            return super.addNewPaymentLine(...arguments);
        }
        if (this.addPaymentLinkDeposit()) {
            return true;
        }
        this.notification.add(
            _t("No deposit paid online is left to deduct on this order: this method only deducts deposits."),
            {type: "warning"}
        );
        return false;
    },
});
