import {Component, onMounted, onWillUnmount, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";
import {RPCError} from "@web/core/network/rpc";
import {serializeDateTime} from "@web/core/l10n/dates";
import {usePos} from "@point_of_sale/app/store/pos_hook";

const {DateTime} = luxon;

/**
 * Asks the amount, the channel and the address of a payment link, sends it through the
 * server (which checks everything again), then shows its QR code for a customer at the
 * counter and its status, updated by the bus or, when the bus is silent, by polling.
 */
export class PaymentLinkDialog extends Component {
    static template = "pos_payment_link.PaymentLinkDialog";
    static components = {Dialog};
    static props = {
        title: String,
        purpose: String,
        partner: Object,
        amount: {type: Number, optional: true},
        maxAmount: {type: Number, optional: true},
        items: {type: Array, optional: true},
        askPickup: {type: Boolean, optional: true},
        send: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        const partner = this.props.partner;
        this.state = useState({
            amount: this.props.amount ? this.pos.env.utils.formatCurrency(this.props.amount, false) : "",
            channel: "email",
            email: partner.email || "",
            phone: partner.mobile || partner.phone || "",
            pickup: "",
            note: "",
            itemIds: (this.props.items || []).map((item) => item.id),
            error: "",
            sending: false,
            link: null,
        });
        this.onPaid = ({id}) => {
            if (this.state.link && id === this.state.link.id) {
                this.state.link.state = "paid";
            }
        };
        onMounted(() => this.pos.paymentLinkListeners.add(this.onPaid));
        onWillUnmount(() => {
            this.pos.paymentLinkListeners.delete(this.onPaid);
            clearInterval(this.poller);
        });
    }

    get isSettlement() {
        return this.props.purpose === "settlement";
    }

    get selectedTotal() {
        return (this.props.items || [])
            .filter((item) => this.state.itemIds.includes(item.id))
            .reduce((total, item) => total + item.amount_residual, 0);
    }

    get amountValue() {
        return this.isSettlement ? this.selectedTotal : this.pos.env.utils.parseValidFloat(this.state.amount || "0");
    }

    get address() {
        return this.state.channel === "email" ? this.state.email : this.state.phone;
    }

    get statusLabel() {
        return {
            sent: _t("Sent: waiting for the payment"),
            paid: _t("Paid"),
            expired: _t("Expired"),
            cancel: _t("Cancelled"),
        }[this.state.link.state];
    }

    format(amount) {
        return this.pos.env.utils.formatCurrency(amount);
    }

    toggleItem(item) {
        const ids = this.state.itemIds;
        const index = ids.indexOf(item.id);
        if (index >= 0) {
            ids.splice(index, 1);
        } else {
            ids.push(item.id);
        }
    }

    checkInput() {
        const amount = this.amountValue;
        if (this.isSettlement && !this.state.itemIds.length) {
            return _t("Select the items the customer settles.");
        }
        if (!(amount > 0)) {
            return _t("The amount to request must be greater than zero.");
        }
        if (this.props.maxAmount !== undefined && amount > this.props.maxAmount + 1e-6) {
            return _t(
                "The deposit cannot exceed what the customer pays for the order: %s.",
                this.format(this.props.maxAmount)
            );
        }
        if (!this.address.trim()) {
            return this.state.channel === "email"
                ? _t("The customer has no e-mail: type the address to send the link to.")
                : _t("The customer has no mobile number: type the number to send the link to.");
        }
        return "";
    }

    async send() {
        this.state.error = this.checkInput();
        if (this.state.error) {
            return;
        }
        this.state.sending = true;
        try {
            const link = await this.props.send({
                amount: this.amountValue,
                channel: this.state.channel,
                address: this.address.trim(),
                itemIds: [...this.state.itemIds],
                pickup: this.state.pickup ? serializeDateTime(DateTime.fromISO(this.state.pickup)) : false,
                note: this.state.note,
            });
            this.state.link = link;
            this.startPolling();
        } catch (error) {
            if (!(error instanceof RPCError)) {
                throw error;
            }
            this.state.error = error.data.message;
        } finally {
            this.state.sending = false;
        }
    }

    startPolling() {
        const seconds = this.pos.config.payment_link_poll_seconds || 10;
        this.poller = setInterval(async () => {
            if (this.state.link.state !== "sent") {
                clearInterval(this.poller);
                return;
            }
            try {
                const [status] = await this.pos.data.call("pos.payment.link", "get_pos_status", [[this.state.link.id]]);
                if (status) {
                    this.state.link.state = status.state;
                }
            } catch {
                // offline: the bus or the next poll will tell
            }
        }, seconds * 1000);
    }
}
