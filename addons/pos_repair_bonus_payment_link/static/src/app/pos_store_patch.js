import {patch} from "@web/core/utils/patch";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {repairSaleLineValues} from "@pos_repair_bonus_sale/app/pos_store_patch";

patch(PosStore.prototype, {
    depositLinkMaxAmount(order) {
        // the bonus is deducted at the pick-up: the deposit asks at most the rest
        const max = super.depositLinkMaxAmount(order) - (this.repairBonusMethod ? order.computeRepairBonus() : 0);
        return Math.max(0, Math.round(max * 100) / 100);
    },

    depositLinkLineValues(line) {
        return {...super.depositLinkLineValues(line), ...repairSaleLineValues(line)};
    },
});
