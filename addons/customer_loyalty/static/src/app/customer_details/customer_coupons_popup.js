import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";

export function couponStatusLabels() {
    return {
        active: _t("Active"),
        inactive: _t("Inactive"),
        used: _t("Used"),
        blocked: _t("Blocked"),
        expired: _t("Expired"),
    };
}

/** Soonest expiry first, coupons without an end last. */
export function sortByExpiry(coupons) {
    return [...coupons].sort((a, b) => (a.valid_until || "9999").localeCompare(b.valid_until || "9999"));
}

/** All the coupons of a customer: filters by status, validity date and text, and the detail of one. */
export class CustomerCouponsPopup extends Component {
    static template = "customer_loyalty.CustomerCouponsPopup";
    static components = {Dialog};
    static props = {
        partnerName: String,
        coupons: Array,
        selectedId: {type: Number, optional: true},
        close: Function,
    };

    setup() {
        this.state = useState({status: "active", validOn: "", query: "", selectedId: this.props.selectedId || 0});
    }

    get statuses() {
        return Object.entries(couponStatusLabels());
    }

    get coupons() {
        const query = this.state.query.trim().toLowerCase();
        const validOn = this.state.validOn;
        return sortByExpiry(
            this.props.coupons.filter(
                (coupon) =>
                    (this.state.status === "all" || coupon.status === this.state.status) &&
                    (!validOn ||
                        (coupon.valid_from <= validOn && (!coupon.valid_until || validOn <= coupon.valid_until))) &&
                    (!query ||
                        coupon.code.toLowerCase().includes(query) ||
                        coupon.program.toLowerCase().includes(query))
            )
        );
    }

    get selected() {
        return this.props.coupons.find((coupon) => coupon.id === this.state.selectedId);
    }

    statusLabel(status) {
        return couponStatusLabels()[status];
    }

    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }
}
