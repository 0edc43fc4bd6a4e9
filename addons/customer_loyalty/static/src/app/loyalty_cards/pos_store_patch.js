import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {SelectionPopup} from "@point_of_sale/app/utils/input_popups/selection_popup";
import {TextInputPopup} from "@point_of_sale/app/utils/input_popups/text_input_popup";
import {ask, makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {ConnectionLostError} from "@web/core/network/rpc";

patch(PosStore.prototype, {
    updateRewards() {
        // while the cashier has not said whether to recompute, the card-gated discounts stay as they are
        if (this.get_order()?.uiState?.loyaltyRecomputeHeld) {
            return;
        }
        return super.updateRewards(...arguments);
    },
    async selectPartner() {
        const order = this.get_order();
        if (!order || order.finalized || !order.hasLoyaltyCardDiscount()) {
            return super.selectPartner(...arguments);
        }
        const previous = order.get_partner();
        order.uiState.loyaltyRecomputeHeld = true;
        let result;
        try {
            result = await super.selectPartner(...arguments);
        } finally {
            order.uiState.loyaltyRecomputeHeld = false;
        }
        if (order.get_partner() !== previous) {
            await this.askLoyaltyRecompute(order);
        }
        return result;
    },
    async askLoyaltyRecompute(order) {
        const recompute = await ask(this.dialog, {
            title: _t("Recompute the discounts?"),
            body: _t(
                "This order has a discount reserved to loyalty card holders. Recompute the discounts for the new customer or card?"
            ),
            confirmLabel: _t("Yes"),
            cancelLabel: _t("No"),
        });
        if (recompute) {
            this.updateRewards();
        }
    },
    async fetchCoupons(domain, limit = 1) {
        // a card handed out at another till since this one started comes with its kind and tier
        return await this.data.searchRead(
            "loyalty.card",
            domain,
            [
                "id",
                "points",
                "code",
                "partner_id",
                "program_id",
                "expiration_date",
                "card_kind",
                "tier_id",
                "year_points",
            ],
            {limit}
        );
    },
    /**
     * ``code`` scanned on the product screen, read as a loyalty card: its holder
     * becomes the order's customer; a card not given yet is offered to the order's
     * customer. False when the code is no loyalty card of this till (or the server
     * cannot be reached): the scan goes on as Odoo's.
     */
    async scanLoyaltyCard(code) {
        const order = this.get_order();
        if (!order || order.finalized) {
            return false;
        }
        let card = this.models["loyalty.card"].find(
            (c) => c.id > 0 && c.code === code && c.partner_id && !c.blocked && c.program_id?.program_type === "loyalty"
        );
        if (!card) {
            let result;
            try {
                result = await this.data.call("loyalty.card", "pos_find_card", [this.config.id, code]);
            } catch (error) {
                if (error instanceof ConnectionLostError) {
                    return false;
                }
                throw error;
            }
            if (result.error) {
                this.notification.add(result.error, {type: "danger"});
                return true;
            }
            if (!result.card) {
                return false;
            }
            if (result.partner_id && !this.models["res.partner"].get(result.partner_id)) {
                await this.data.read("res.partner", [result.partner_id]);
            }
            [card] = this.models.loadData({"loyalty.card": [result.card]})["loyalty.card"];
        }
        const partner = card.partner_id;
        if (!partner) {
            const customer = order.get_partner();
            if (!customer) {
                this.notification.add(
                    _t("The card %s is not given to anyone yet: choose the customer, then scan it again.", code),
                    {type: "warning"}
                );
                return true;
            }
            const give = await ask(this.dialog, {
                title: _t("Loyalty card"),
                body: _t("Give the card %(code)s to %(customer)s?", {code, customer: customer.name}),
                confirmLabel: _t("Give the card"),
            });
            if (give) {
                await this.giveLoyaltyCard(card.program_id, customer, "physical", code);
            }
            return true;
        }
        if (order.get_partner() !== partner) {
            const hadDiscount = order.hasLoyaltyCardDiscount();
            order.set_partner(partner);
            if (hadDiscount) {
                await this.askLoyaltyRecompute(order);
            }
        }
        order.invalidCoupons = true;
        this.notification.add(_t("Card %(code)s: %(customer)s", {code, customer: partner.name}), {type: "success"});
        return true;
    },
    /** The (programme, kind) pairs this till issues cards for. */
    getLoyaltyCardChoices() {
        const kinds = [];
        if (this.config.issue_physical_cards) {
            kinds.push(["physical", _t("Physical")]);
        }
        if (this.config.issue_virtual_cards) {
            kinds.push(["virtual", _t("Virtual")]);
        }
        const programs = this.models["loyalty.program"].filter((p) => p.program_type === "loyalty");
        return programs.flatMap((program) =>
            kinds.map(([kind, label]) => ({
                program,
                kind,
                label: programs.length > 1 ? `${program.name}: ${label}` : label,
            }))
        );
    },
    async assignLoyaltyCard(partner = this.get_order()?.get_partner()) {
        if (!partner) {
            this.dialog.add(AlertDialog, {
                title: _t("Loyalty card"),
                body: _t("Choose the customer first."),
            });
            return false;
        }
        const choices = this.getLoyaltyCardChoices();
        if (!choices.length) {
            this.dialog.add(AlertDialog, {
                title: _t("Loyalty card"),
                body: _t("The loyalty card cannot be given to the customer. No card type to assign."),
            });
            return false;
        }
        let choice = choices[0];
        if (choices.length > 1) {
            choice = await makeAwaitable(this.dialog, SelectionPopup, {
                title: _t("Card type"),
                list: choices.map((item, index) => ({id: index, item, label: item.label})),
            });
            if (!choice) {
                return false;
            }
        }
        let code = null;
        if (choice.kind === "physical") {
            code = await makeAwaitable(this.dialog, TextInputPopup, {
                title: _t("Give the loyalty card"),
                placeholder: _t("Scan or type the card number"),
            });
            code = code?.trim();
            if (!code) {
                return false;
            }
        }
        return this.giveLoyaltyCard(choice.program, partner, choice.kind, code);
    },
    /** The card ``code`` (or a virtual one) of ``program`` given to ``partner`` by the server. */
    async giveLoyaltyCard(program, partner, kind, code) {
        const result = await this.data.call("loyalty.card", "pos_assign_card", [program.id, partner.id, kind, code]);
        if (result.error) {
            this.dialog.add(AlertDialog, {title: _t("Loyalty card"), body: result.error});
            return false;
        }
        const order = this.get_order();
        const hadDiscount = order?.hasLoyaltyCardDiscount();
        // the till may hold a local card opened for the customer's first points: the assigned card replaces it
        for (const card of this.models["loyalty.card"].filter(
            (c) => c.id !== result.card.id && c.partner_id?.id === partner.id && c.program_id?.id === program.id
        )) {
            card.delete();
        }
        this.models.loadData({"loyalty.card": [result.card]});
        if (order) {
            order.invalidCoupons = true;
        }
        this.notification.add(
            kind === "virtual"
                ? _t("The card number will be generated and sent to the customer")
                : _t("Card %s given to %s", result.card.code, partner.name),
            {type: "success"}
        );
        if (order && hadDiscount) {
            await this.askLoyaltyRecompute(order);
        } else if (order) {
            this.updateRewards();
        }
        return true;
    },
});
