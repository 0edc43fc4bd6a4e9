import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {ConnectionLostError} from "@web/core/network/rpc";
import {usePos} from "@point_of_sale/app/store/pos_hook";

/** The reason a card is blocked and the new card issued in its place, sent to the server. */
export class CardBlockDialog extends Component {
    static template = "customer_loyalty.CardBlockDialog";
    static components = {Dialog};
    static props = {card: Object, reasons: Array, kinds: Array, onBlocked: Function, close: Function};

    setup() {
        this.pos = usePos();
        this.state = useState({
            reasonId: this.props.reasons[0]?.id || 0,
            reissue: false,
            kind: this.props.kinds[0]?.kind || "physical",
            code: "",
            error: "",
            sending: false,
        });
    }

    get reason() {
        return this.props.reasons.find((reason) => reason.id === Number(this.state.reasonId));
    }

    async confirm() {
        if (!this.reason) {
            this.state.error = _t("Choose why the card is blocked.");
            return;
        }
        const reissue = this.state.reissue || this.reason.is_upgrade;
        if (reissue && this.state.kind === "physical" && !this.state.code.trim()) {
            this.state.error = _t("Scan or type the number of the new card.");
            return;
        }
        this.state.sending = true;
        let result;
        try {
            result = await this.pos.data.call("loyalty.card", "pos_block_card", [
                this.props.card.id,
                this.reason.id,
                reissue ? this.state.kind : false,
                reissue ? this.state.code.trim() : false,
            ]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            result = {error: _t("The server cannot be reached: a card is blocked online only.")};
        } finally {
            this.state.sending = false;
        }
        if (result.error) {
            this.state.error = result.error;
            return;
        }
        await this.props.onBlocked(result);
        this.pos.notification.add(
            result.card
                ? _t("Card %(old)s blocked, card %(new)s issued.", {old: this.props.card.code, new: result.card.code})
                : _t("Card %s blocked.", this.props.card.code),
            {type: "success"}
        );
        this.props.close();
    }
}
