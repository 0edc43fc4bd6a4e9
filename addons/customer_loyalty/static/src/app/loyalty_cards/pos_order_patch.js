import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";

patch(PosOrder.prototype, {
    /** The loyalty cards the order's customer holds (handed out, not blocked: blocked cards are not loaded). */
    getCustomerLoyaltyCards() {
        const partner = this.get_partner();
        if (!partner) {
            return [];
        }
        return this.models["loyalty.card"].filter(
            (card) =>
                card.id > 0 &&
                card.card_kind &&
                card.partner_id?.id === partner.id &&
                card.program_id?.program_type === "loyalty"
        );
    },
    loyaltyCardAllows(program) {
        if (!program.requires_loyalty_card) {
            return true;
        }
        const tierIds = new Set(program.loyalty_tier_ids.map((tier) => tier.id));
        return this.getCustomerLoyaltyCards().some((card) => !tierIds.size || tierIds.has(card.tier_id?.id));
    },
    hasLoyaltyCardDiscount() {
        return this._get_reward_lines().some((line) => line.reward_id?.program_id?.requires_loyalty_card);
    },
    _programIsApplicable(program) {
        return this.loyaltyCardAllows(program) && super._programIsApplicable(...arguments);
    },
    _applyReward(reward, coupon_id, args) {
        if (!this.loyaltyCardAllows(reward.program_id)) {
            return _t("This discount requires the customer's loyalty card.");
        }
        return super._applyReward(...arguments);
    },
});
