import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {roundDecimals} from "@web/core/utils/numbers";
import {deserializeDateTime} from "@web/core/l10n/dates";
import {ConnectionLostError} from "@web/core/network/rpc";
import {PosStore} from "@point_of_sale/app/store/pos_store";

const CREDIT_FIELDS = [
    "customer_credit_status",
    "customer_credit_available",
    "customer_credit_open",
    "customer_credit_checked_at",
];

/**
 * "ok", "warning" or "block" for `amount` put on a customer's account: the rule of
 * res.partner._pos_credit_rule, which the server applies again when the order syncs.
 */
export function posCreditRule({control, status, available, amount, ageMinutes = 0, staleMinutes = 0, decimals = 2}) {
    if (control === "none" || roundDecimals(amount, decimals) <= 0) {
        return "ok";
    }
    if (staleMinutes && ageMinutes > staleMinutes) {
        return "block";
    }
    if (status === "unlimited") {
        return "ok";
    }
    if (status === "limited" && roundDecimals(amount - available, decimals) <= 0) {
        return "ok";
    }
    return control;
}

patch(PosStore.prototype, {
    get creditControl() {
        return this.config.pos_credit_control_effective || "none";
    },

    /** The credit figures the till holds for `partner`, and how old they are. */
    customerCredit(partner) {
        const checkedAt = partner.customer_credit_checked_at
            ? deserializeDateTime(partner.customer_credit_checked_at)
            : false;
        return {
            status: partner.customer_credit_status || "none",
            available: partner.customer_credit_available || 0,
            owed: partner.customer_credit_open || 0,
            ageMinutes: checkedAt ? Math.floor(-checkedAt.diffNow("minutes").minutes) : Infinity,
        };
    },

    isCreditMethodShown(method, partner) {
        if (!method.pos_credit_controlled || this.creditControl === "none") {
            return true;
        }
        return Boolean(partner) && ["limited", "unlimited"].includes(this.customerCredit(partner).status);
    },

    /** Ask the server for `partner`'s credit figures; false when it cannot be reached. */
    async refreshCustomerCredit(partner) {
        if (!partner || typeof partner.id !== "number") {
            return false;
        }
        try {
            const [values] = await this.data.call("res.partner", "pos_credit_refresh", [[partner.id]]);
            partner.update(Object.fromEntries(CREDIT_FIELDS.map((field) => [field, values[field]])));
            return true;
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return false;
            }
            throw error;
        }
    },

    /**
     * What `order` adds to what the customer owes: its payments on account (negative
     * for a refund on account), less what it settles of what they already owed.
     */
    creditOnAccount(order) {
        const onAccount = order.payment_ids
            .filter((line) => line.payment_method_id.pos_credit_controlled)
            .reduce((total, line) => total + line.get_amount(), 0);
        return onAccount - this.creditSettledByOrder(order);
    },

    /** What `order` settles of what its customer already owes (a bridge: their sale orders). */
    creditSettledByOrder(order) {
        return 0;
    },

    /** What `order` puts on account, the rule's verdict on it and the message to show. */
    creditVerdict(order) {
        const partner = order.get_partner();
        const amount = this.creditOnAccount(order);
        if (!partner) {
            const verdict = this.creditControl === "none" || amount <= 0 ? "ok" : "block";
            const message = _t("Choose the customer before a sale on account.");
            return {verdict, amount, message, noCredit: true};
        }
        const credit = this.customerCredit(partner);
        const staleMinutes = this.config.pos_credit_stale_minutes_effective;
        const verdict = posCreditRule({
            control: this.creditControl,
            status: credit.status,
            available: credit.available,
            amount,
            ageMinutes: credit.ageMinutes,
            staleMinutes,
            decimals: this.currency.decimal_places,
        });
        const format = (value) => this.env.utils.formatCurrency(value);
        if (staleMinutes && credit.ageMinutes > staleMinutes) {
            const message = _t(
                "The credit of %(customer)s was last updated %(minutes)s minutes ago and the server cannot be reached: no sale on account until the connection is back.",
                {customer: partner.name, minutes: credit.ageMinutes}
            );
            return {verdict, amount, message, noCredit: true};
        }
        if (credit.status !== "limited" && credit.status !== "unlimited") {
            const message = _t("%(customer)s has no credit at the till.", {customer: partner.name});
            return {verdict, amount, message, noCredit: true};
        }
        const message = _t("%(amount)s on account is over the credit of %(customer)s: %(available)s available.", {
            amount: format(amount),
            customer: partner.name,
            available: format(credit.available),
        });
        return {verdict, amount, message, noCredit: false};
    },

    async selectPartner() {
        const result = await super.selectPartner(...arguments);
        this.refreshCustomerCredit(this.get_order()?.get_partner());
        return result;
    },
});
