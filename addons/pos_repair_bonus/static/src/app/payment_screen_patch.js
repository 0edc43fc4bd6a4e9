import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PaymentScreen} from "@point_of_sale/app/screens/payment_screen/payment_screen";

patch(PaymentScreen.prototype, {
    setup() {
        super.setup(...arguments);
        // the till adds the bonus itself: the cashier never picks that method
        this.payment_methods_from_config = this.payment_methods_from_config.filter((method) => !method.is_repair_bonus);
    },

    onMounted() {
        this.currentOrder.applyRepairBonus(this.pos.repairBonusMethod);
        super.onMounted(...arguments);
    },

    isRepairBonusPayment(uuid) {
        return Boolean(this.currentOrder.get_paymentline_by_uuid(uuid)?.payment_method_id.is_repair_bonus);
    },

    deletePaymentLine(uuid) {
        if (this.isRepairBonusPayment(uuid)) {
            this.notification.add(_t("The repair bonus follows the repairs of the order: change them instead."));
            return;
        }
        return super.deletePaymentLine(...arguments);
    },

    selectPaymentLine(uuid) {
        if (this.isRepairBonusPayment(uuid)) {
            return;
        }
        return super.selectPaymentLine(...arguments);
    },

    async _askForCustomerIfRequired() {
        // the eco-organism owes the bonus, not the customer: a bonus alone needs no customer
        const needsCustomer = this.paymentLines.some(
            (payment) => payment.payment_method_id.split_transactions && !payment.payment_method_id.is_repair_bonus
        );
        return needsCustomer ? super._askForCustomerIfRequired(...arguments) : undefined;
    },

    async _isOrderValid(isForceValidate) {
        const minPhotos = this.pos.company.eco_bonus_min_photos;
        if (this.pos.repairBonusMethod) {
            const incomplete = this.currentOrder.repairBonusIncompleteLines(minPhotos);
            if (incomplete.length) {
                this.dialog.add(AlertDialog, {
                    title: _t("Repair bonus"),
                    body: _t(
                        '%(product)s needs its repair type and at least %(count)s photos of the item before payment. Go back to the order and tap the line to complete it, or choose "No bonus".',
                        {product: incomplete[0].get_full_product_name(), count: minPhotos}
                    ),
                });
                return false;
            }
            this.currentOrder.applyRepairBonus(this.pos.repairBonusMethod);
        }
        return super._isOrderValid(...arguments);
    },
});
