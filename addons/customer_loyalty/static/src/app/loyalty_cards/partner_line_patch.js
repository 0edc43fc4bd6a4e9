import {patch} from "@web/core/utils/patch";
import {usePos} from "@point_of_sale/app/store/pos_hook";
import {PartnerLine} from "@point_of_sale/app/screens/partner_list/partner_line/partner_line";

patch(PartnerLine.prototype, {
    setup() {
        super.setup(...arguments);
        this.loyaltyPos = usePos();
    },
    giveLoyaltyCard() {
        this.loyaltyPos.assignLoyaltyCard(this.props.partner);
    },
});
