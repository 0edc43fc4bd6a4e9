import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {ConnectionLostError} from "@web/core/network/rpc";
import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {useService} from "@web/core/utils/hooks";
import {usePos} from "@point_of_sale/app/store/pos_hook";

/**
 * The customer's item lines, sold and returned, at the till and in the back office:
 * searched by article or document, filtered by status, date and amount; a till line
 * is refunded through Odoo's refund (the ticket screen, the line selected).
 */
export class SalesHistoryPopup extends Component {
    static template = "customer_loyalty.SalesHistoryPopup";
    static components = {Dialog};
    static props = {partner: Object, close: Function, onRefund: {type: Function, optional: true}};

    setup() {
        this.pos = usePos();
        this.dialogService = useService("dialog");
        this.state = useState({
            lines: [],
            offline: false,
            loaded: false,
            search: "",
            status: "all",
            dateFrom: "",
            dateTo: "",
            amountMin: "",
            amountMax: "",
        });
        onWillStart(() => this.load());
    }

    async load() {
        try {
            this.state.lines = await this.pos.data.call("res.partner", "pos_sales_history", [[this.props.partner.id]]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            this.state.offline = true;
        }
        this.state.loaded = true;
    }

    get statusLabels() {
        return {sold: _t("Sold"), returned: _t("Returned")};
    }

    get filteredLines() {
        const search = this.state.search.trim().toLowerCase();
        const parse = (value) => (value === "" ? null : this.pos.env.utils.parseValidFloat(value));
        const min = parse(this.state.amountMin);
        const max = parse(this.state.amountMax);
        return this.state.lines.filter((line) => {
            if (search && !`${line.product} ${line.document}`.toLowerCase().includes(search)) {
                return false;
            }
            if (this.state.status !== "all" && line.status !== this.state.status) {
                return false;
            }
            const day = line.date.slice(0, 10);
            if ((this.state.dateFrom && day < this.state.dateFrom) || (this.state.dateTo && day > this.state.dateTo)) {
                return false;
            }
            const amount = Math.abs(line.total);
            return (min === null || amount >= min) && (max === null || amount <= max);
        });
    }

    formatDate(value) {
        return formatDateTime(deserializeDateTime(value));
    }

    format(amount) {
        return this.pos.env.utils.formatCurrency(amount);
    }

    /** Odoo's refund of the till: the ticket screen on the line's order, the line selected. */
    async refund(line) {
        await this.pos.data.read("pos.order", [line.order_id]);
        const order = this.pos.models["pos.order"].get(line.order_id);
        // the customer list and its details close: the ticket screen takes over
        this.props.close();
        this.props.onRefund?.();
        this.dialogService.closeAll();
        this.pos.showScreen("TicketScreen", {
            stateOverride: {
                filter: "SYNCED",
                search: {fieldName: "RECEIPT_NUMBER", searchTerm: order.pos_reference || ""},
                selectedOrder: order,
                selectedOrderlineIds: {[order.id]: line.line_id},
            },
        });
    }
}
