import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {addTheLeatherResole, photosShown} from "@pos_repair_bonus/../tests/tours/repair_bonus_tour";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("RepairBonusDropOffTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // the drop-off: the pair (40.00), its repair type and two photos, a deposit of 10.00;
            // the bonus is 24.00 (the 60 % cap of 40.00, below the grid's 25.00): were the
            // deposit taken for a discount, the cap would fall to 18.00
            addTheLeatherResole(),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Partner Test 1"),
            ProductScreen.clickControlButton("Drop-off"),
            {
                content: "the bonus expected at the pick-up is shown",
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_bonus:contains('24.00')",
            },
            {
                content: "a deposit above what the customer will pay (16.00)",
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_deposit",
                run: "edit 40",
            },
            {
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_confirm",
                run: "click",
            },
            {
                content: "is refused",
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_error:contains('16.00')",
            },
            {
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_deposit",
                run: "edit 10",
            },
            {
                trigger: ".o_repair_drop_off_dialog .o_repair_drop_off_confirm",
                run: "click",
            },
            PaymentScreen.isShown(),
            PaymentScreen.totalIs("10.00"),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.clickNextOrder(),
            // the pick-up, another day: the order is settled from Quotation/Order
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "pick the customer's drop-off",
                trigger: ".modal:not(.o_inactive_modal) tr.o_data_row:contains('Partner Test 1') td",
                run: "click",
            },
            {
                trigger: ".modal:not(.o_inactive_modal) .selection-item:contains('Settle the order')",
                run: "click",
            },
            {trigger: "body:not(:has(.modal))"},
            ProductScreen.clickOrderline("Ressemelage cuir"),
            ProductScreen.clickControlButton("Repair bonus"),
            {
                content: "the drop-off's repair type",
                trigger: ".o_repair_bonus_types button.btn-primary:contains('Leather resoling')",
            },
            photosShown(2),
            {
                trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
                run: "click",
            },
            ProductScreen.clickPayButton(),
            {
                content: "the bonus is deducted at the pick-up: 24.00",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('24.00')",
            },
            PaymentScreen.clickPaymentMethod("Cash"),
            {
                content: "the customer pays the rest: 40.00 - 10.00 deposit - 24.00 bonus",
                trigger: ".paymentlines .paymentline:contains('Cash'):contains('6.00')",
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});
