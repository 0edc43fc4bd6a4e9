import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {PartnerLine} from "@point_of_sale/app/screens/partner_list/partner_line/partner_line";
import {CustomerDetailsPopup} from "./customer_details_popup";

patch(PartnerLine.prototype, {
    setup() {
        super.setup(...arguments);
        this.dialog = useService("dialog");
    },

    openCustomerDetails() {
        this.dialog.add(CustomerDetailsPopup, {partner: this.props.partner});
    },
});
