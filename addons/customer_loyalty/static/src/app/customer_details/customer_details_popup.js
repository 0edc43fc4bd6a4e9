import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {useService} from "@web/core/utils/hooks";
import {ConnectionLostError} from "@web/core/network/rpc";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {CustomerCouponsPopup, couponStatusLabels, sortByExpiry} from "./customer_coupons_popup";
import {CardBlockDialog} from "./card_block_dialog";
import {SalesHistoryPopup} from "./sales_history_popup";

/** Statistics, credit and current coupons of a customer, from the customer list. */
export class CustomerDetailsPopup extends Component {
    static template = "customer_loyalty.CustomerDetailsPopup";
    static components = {Dialog};
    static props = {partner: Object, close: Function};

    setup() {
        this.pos = usePos();
        this.dialog = useService("dialog");
        this.state = useState({
            coupons: [],
            couponsOffline: false,
            statistics: {},
            cards: [],
            canBlock: false,
            reasons: [],
        });
        onWillStart(() => this.load());
    }

    async load() {
        const partner = this.props.partner;
        try {
            // credit as it is now on the server, the statistics (the till's opening
            // does not load them), then the coupons
            await this.pos.data.read("res.partner", [partner.id]);
            this.state.statistics = await this.pos.data.call("res.partner", "pos_customer_statistics", [[partner.id]]);
            this.state.coupons = await this.pos.data.call("res.partner", "pos_customer_coupons", [[partner.id]]);
            await this.loadCards();
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            this.state.couponsOffline = true;
        }
    }

    async loadCards() {
        const details = await this.pos.data.call("loyalty.card", "pos_card_details", [this.props.partner.id]);
        Object.assign(this.state, {cards: details.cards, canBlock: details.can_block, reasons: details.reasons});
    }

    /** Block the card (lost, stolen, an upgrade), and issue the new one: online only. */
    blockCard(card) {
        this.dialog.add(CardBlockDialog, {
            card,
            reasons: this.state.reasons,
            kinds: this.pos.getLoyaltyCardChoices().filter((choice) => choice.program.name === card.program),
            onBlocked: async (result) => {
                // the blocked card stays known to the till, blocked and emptied (its points went
                // to the new card); the new one, if any, comes in
                this.pos.models["loyalty.card"].get(card.id)?.update({blocked: true, points: 0, year_points: 0});
                if (result.card) {
                    this.pos.models.loadData({"loyalty.card": [result.card]});
                }
                const order = this.pos.get_order();
                if (order) {
                    order.invalidCoupons = true;
                }
                await this.loadCards();
            },
        });
    }

    showSalesHistory() {
        this.dialog.add(SalesHistoryPopup, {partner: this.partner, onRefund: () => this.props.close()});
    }

    get partner() {
        return this.pos.models["res.partner"].get(this.props.partner.id) || this.props.partner;
    }

    get statistics() {
        const partner = this.state.statistics;
        if (!("customer_purchase_count" in partner)) {
            // not read yet, or the server cannot be reached: no figure rather than a false one
            return {lastPurchase: "–", purchases: "–", spent: "–"};
        }
        return {
            lastPurchase: partner.customer_last_purchase
                ? formatDate(deserializeDate(partner.customer_last_purchase))
                : _t("None"),
            purchases: partner.customer_purchase_count || 0,
            spent: this.env.utils.formatCurrency(partner.customer_amount_spent || 0),
        };
    }

    get credit() {
        const credit = this.pos.customerCredit(this.partner);
        const format = (value) => this.env.utils.formatCurrency(value);
        return {
            status: credit.status,
            label: {
                limited: _t("Limited"),
                unlimited: _t("Unlimited"),
                none: _t("No credit limit has been granted."),
            }[credit.status],
            limit: format(credit.available + credit.owed),
            owed: format(credit.owed),
            available: format(credit.available),
        };
    }

    get currentCoupons() {
        return sortByExpiry(this.state.coupons.filter((coupon) => coupon.status === "active"));
    }

    statusLabel(status) {
        return couponStatusLabels()[status];
    }

    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    showAllCoupons(coupon = null) {
        this.dialog.add(CustomerCouponsPopup, {
            partnerName: this.partner.name,
            coupons: this.state.coupons,
            selectedId: coupon?.id || 0,
        });
    }
}
