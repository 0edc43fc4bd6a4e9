/** @odoo-module **/
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The status block of a repair in the customer portal refreshes itself: the page
 * asks the server every few seconds (and when the tab comes back to the front)
 * and redraws the steps when they changed.
 */
publicWidget.registry.RepairLiveStatus = publicWidget.Widget.extend({
    selector: ".o_portal_repair_status",

    start() {
        this.onVisible = () => !document.hidden && this.refresh();
        document.addEventListener("visibilitychange", this.onVisible);
        this.timer = setInterval(() => this.refresh(), parseInt(this.el.dataset.interval) || 30000);
        return this._super(...arguments);
    },

    destroy() {
        clearInterval(this.timer);
        document.removeEventListener("visibilitychange", this.onVisible);
        this._super(...arguments);
    },

    async refresh() {
        if (document.hidden || this.busy) {
            return;
        }
        this.busy = true;
        try {
            const response = await fetch(this.el.dataset.statusUrl, {headers: {Accept: "application/json"}});
            if (!response.ok) {
                return;
            }
            const {signature, html} = await response.json();
            if (signature !== this.el.dataset.signature) {
                this.el.dataset.signature = signature;
                this.el.innerHTML = html;
            }
        } catch {
            // offline for a moment: the next round tries again
        } finally {
            this.busy = false;
        }
    },
});
