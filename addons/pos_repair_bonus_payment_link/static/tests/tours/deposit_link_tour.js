import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {addTheLeatherResole, photosShown} from "@pos_repair_bonus/../tests/tours/repair_bonus_tour";
import {registry} from "@web/core/registry";

const dialog = ".modal .o_payment_link_dialog";

registry.category("web_tour.tours").add("RepairBonusDepositLinkTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // the pair (40.00) left with its type and photos; the bonus (24.00) comes off at the pick-up
            addTheLeatherResole(),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Claire Petit"),
            ProductScreen.clickControlButton("Deposit by link"),
            {
                content: "the deposit proposed is what the customer will pay: 40.00 less the bonus",
                trigger: `${dialog} input.o_payment_link_amount:value(16.00)`,
            },
            {trigger: `${dialog} .o_payment_link_send`, run: "click"},
            {
                content: "the payment appears",
                trigger: `${dialog} .o_payment_link_paid:contains("Paid")`,
                timeout: 30000,
            },
            {trigger: `${dialog} .o_payment_link_close`, run: "click"},
            ProductScreen.orderIsEmpty(),
            // the pick-up
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "pick the customer's order",
                trigger: ".modal:not(.o_inactive_modal) tr.o_data_row:contains('Claire Petit') td",
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
                content: "the repair type of the drop-off",
                trigger: ".o_repair_bonus_types button.btn-primary:contains('Leather resoling')",
            },
            photosShown(2),
            {trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])", run: "click"},
            ProductScreen.clickPayButton(),
            {
                content: "the bonus is deducted: 24.00, and nothing is left to pay",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('24.00')",
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});
