import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {patch} from "@web/core/utils/patch";
import {_t} from "@web/core/l10n/translation";

/**
 * Whether a discount is granted to a customer holding ``cards`` ([{tierId, blocked}],
 * tierId false for a card without tier): the rule of the server's
 * loyalty.program._loyalty_card_rule, tested with the same table of cases.
 */
export function loyaltyCardRule({requiresCard, tierIds, cards}) {
    if (!requiresCard) {
        return true;
    }
    const usable = cards.filter((card) => !card.blocked).map((card) => card.tierId);
    if (!tierIds.length) {
        return usable.length > 0;
    }
    return usable.some((tier) => tierIds.includes(tier));
}

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
        return loyaltyCardRule({
            requiresCard: Boolean(program.requires_loyalty_card),
            tierIds: program.loyalty_tier_ids.map((tier) => tier.id),
            cards: this.getCustomerLoyaltyCards().map((card) => ({
                tierId: card.tier_id?.id || false,
                blocked: Boolean(card.blocked),
            })),
        });
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
