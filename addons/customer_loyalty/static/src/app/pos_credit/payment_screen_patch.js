import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {useEffect, useState} from "@odoo/owl";
import {AlertDialog, ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PaymentScreen} from "@point_of_sale/app/screens/payment_screen/payment_screen";

patch(PaymentScreen.prototype, {
    setup() {
        super.setup(...arguments);
        this.creditState = useState({offline: false});
        useEffect(
            () => {
                this.refreshCustomerCredit();
            },
            () => [this.currentOrder.get_partner()?.id]
        );
    },

    async refreshCustomerCredit() {
        const partner = this.currentOrder.get_partner();
        if (partner && this.pos.creditControl !== "none") {
            this.creditState.offline = !(await this.pos.refreshCustomerCredit(partner));
        }
    },

    isPaymentMethodShown(method) {
        return this.pos.isCreditMethodShown(method, this.currentOrder.get_partner());
    },

    /** What the payment screen shows of the customer's credit. */
    get customerCreditInfo() {
        const partner = this.currentOrder.get_partner();
        const display = this.pos.config.pos_credit_display || "before";
        if (!partner || this.pos.creditControl === "none" || display === "hidden") {
            return false;
        }
        const credit = this.pos.customerCredit(partner);
        const format = (amount) => this.env.utils.formatCurrency(amount);
        const labels = {
            limited:
                display === "after"
                    ? // what this order puts on account (a refund takes it off)
                      _t(
                          "Credit left after this order: %s",
                          format(credit.available - this.pos.creditOnAccount(this.currentOrder))
                      )
                    : _t("Credit available: %s", format(credit.available)),
            unlimited: _t("Unlimited credit"),
            none: _t("No credit at the till"),
        };
        return {
            label: labels[credit.status] || labels.none,
            age: this.creditState.offline ? _t("Credit updated %s min ago", credit.ageMinutes) : "",
        };
    },

    async addNewPaymentLine(paymentMethod) {
        const added = await super.addNewPaymentLine(...arguments);
        // without a customer, the line stays as in Odoo: the cashier may choose the
        // customer next, and validating asks for one (Odoo's check, then ours)
        if (added && paymentMethod.pos_credit_controlled && this.currentOrder.get_partner()) {
            const {verdict, message, noCredit} = this.pos.creditVerdict(this.currentOrder);
            if (verdict === "block" && noCredit) {
                // nothing at all can go on account: the line would only stand in the way
                this.deletePaymentLine(this.paymentLines.at(-1).uuid);
            }
            if (verdict === "block") {
                this.dialog.add(AlertDialog, {
                    title: _t("Sale on account refused"),
                    body: noCredit
                        ? message
                        : `${message} ${_t("Lower the amount on account or take another payment method.")}`,
                });
            } else if (verdict === "warning") {
                this.dialog.add(AlertDialog, {title: _t("Credit limit exceeded"), body: message});
            }
        }
        return added;
    },

    async _isOrderValid(isForceValidate) {
        if (!(await super._isOrderValid(...arguments))) {
            return false;
        }
        const {verdict, message} = this.pos.creditVerdict(this.currentOrder);
        if (verdict === "block") {
            this.dialog.add(AlertDialog, {title: _t("Sale on account refused"), body: message});
            return false;
        }
        if (verdict === "warning" && !isForceValidate) {
            this.dialog.add(ConfirmationDialog, {
                title: _t("Credit limit exceeded"),
                body: `${message} ${_t("Validate the sale anyway?")}`,
                confirmLabel: _t("Validate anyway"),
                confirm: () => this.validateOrder(true),
                cancel: () => {},
            });
            return false;
        }
        return true;
    },
});
