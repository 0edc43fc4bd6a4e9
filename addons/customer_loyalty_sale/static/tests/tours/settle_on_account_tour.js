import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {negate} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("CustomerCreditSettleOrderTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "pick the customer's order",
                trigger: ".modal:not(.o_inactive_modal) tr.o_data_row:contains('Cordonnerie Martin') td",
                run: "click",
            },
            {
                trigger: ".modal:not(.o_inactive_modal) .selection-item:contains('Settle the order')",
                run: "click",
            },
            {trigger: "body:not(:has(.modal))"},
            ProductScreen.clickPayButton(),
            {
                content: "paid otherwise than on account, the order would be owed no more: 100.00 left",
                trigger: ".o_customer_credit_info:contains('Credit left after this order'):contains('100.00')",
            },
            PaymentScreen.clickPaymentMethod("Compte client"),
            {
                content: "the 80.00 on account are not counted twice: no refusal",
                trigger: negate(".modal-dialog:contains('Sale on account refused')"),
            },
            {
                content: "20.00 left after the order",
                trigger: ".o_customer_credit_info:contains('Credit left after this order'):contains('20.00')",
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});
