import {Component, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";
import {serializeDateTime} from "@web/core/l10n/dates";
import {usePos} from "@point_of_sale/app/store/pos_hook";

const {DateTime} = luxon;

/**
 * The drop-off of the items rung up: when the customer comes back, a comment, and
 * the deposit taken now (nothing by default, at most what the customer will pay
 * once the bonus is deducted at the pick-up).
 */
export class DropOffDialog extends Component {
    static template = "pos_repair_bonus_sale.DropOffDialog";
    static components = {Dialog};
    static props = {
        partner: Object,
        total: Number,
        bonus: Number,
        canTakeDeposit: Boolean,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.state = useState({pickup: "", note: "", deposit: "", error: ""});
    }

    get maxDeposit() {
        return Math.max(0, Math.round((this.props.total - this.props.bonus) * 100) / 100);
    }

    format(amount) {
        return this.pos.env.utils.formatCurrency(amount);
    }

    get depositValue() {
        return this.pos.env.utils.parseValidFloat(this.state.deposit || "0");
    }

    checkInput() {
        const deposit = this.depositValue;
        if (!(deposit >= 0)) {
            return _t("The deposit cannot be negative.");
        }
        if (deposit > this.maxDeposit + 1e-6) {
            return _t(
                "The deposit cannot exceed what the customer will pay at the pick-up: %s.",
                this.format(this.maxDeposit)
            );
        }
        return "";
    }

    confirm() {
        this.state.error = this.checkInput();
        if (this.state.error) {
            return;
        }
        this.props.getPayload({
            pickup: this.state.pickup ? serializeDateTime(DateTime.fromISO(this.state.pickup)) : false,
            note: this.state.note,
            deposit: this.depositValue,
        });
        this.props.close();
    }
}
