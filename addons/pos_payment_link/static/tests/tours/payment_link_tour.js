import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PartnerList from "@point_of_sale/../tests/tours/utils/partner_list_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";

const dialog = ".modal .o_payment_link_dialog";

function fill(selector, value) {
    return {content: `type ${value}`, trigger: `${dialog} ${selector}`, run: `edit ${value}`};
}

function click(selector, content) {
    return {content, trigger: `${dialog} ${selector}`, run: "click"};
}

function errorShown(text) {
    return {content: `the cashier reads: ${text}`, trigger: `${dialog} .o_payment_link_error:contains("${text}")`};
}

// the link is sent, its QR code shown, and its payment appears without reloading
function sentThenPaid() {
    return [
        {content: "QR code shown", trigger: `${dialog} img.o_payment_link_qr[src^="data:image/png"]`},
        {content: "waiting for the payment", trigger: `${dialog} .o_payment_link_status:contains("waiting")`},
        {content: "the payment appears", trigger: `${dialog} .o_payment_link_paid:contains("Paid")`, timeout: 30000},
        click(".o_payment_link_close", "close"),
    ];
}

function partnerAction(name, action) {
    return [
        ProductScreen.clickPartnerButton(),
        PartnerList.clickPartnerOptions(name),
        {content: action, trigger: `.o-dropdown-item:contains("${action}")`, run: "click"},
    ];
}

registry.category("web_tour.tours").add("PaymentLinkDepositTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Retouche ourlet"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Claire Petit"),
            ProductScreen.clickControlButton("Deposit by link"),
            {content: "the order total is proposed", trigger: `${dialog} input.o_payment_link_amount:value(80.00)`},
            fill(".o_payment_link_amount", "500"),
            click(".o_payment_link_send", "send"),
            errorShown("cannot exceed"),
            fill(".o_payment_link_amount", "30"),
            {
                content: "pickup on 1 December at 10:30",
                trigger: `${dialog} .o_payment_link_pickup`,
                run() {
                    this.anchor.value = "2026-12-01T10:30";
                    this.anchor.dispatchEvent(new Event("input", {bubbles: true}));
                },
            },
            fill(".o_payment_link_note", "Ourlet pantalon gris"),
            {
                content: "e-mail pre-filled",
                trigger: `${dialog} input.o_payment_link_email:value(claire.petit@example.com)`,
            },
            click(".o_payment_link_send", "send"),
            {content: "order recorded", trigger: `${dialog} .o_payment_link_sent:contains("recorded for the pickup")`},
            ...sentThenPaid(),
            // the order now waits as a sale order: the till starts a new one
            ProductScreen.orderIsEmpty(),
        ].flat(),
});

registry.category("web_tour.tours").add("PaymentLinkWalletTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ...partnerAction("Claire Petit", "Credit the wallet by link"),
            fill(".o_payment_link_amount", "25"),
            click(".o_payment_link_channel_sms", "by text message"),
            {content: "mobile pre-filled", trigger: `${dialog} input.o_payment_link_phone:value(06 12 34 56 78)`},
            fill(".o_payment_link_phone", "06 12"),
            click(".o_payment_link_send", "send"),
            errorShown("not a valid phone number"),
            fill(".o_payment_link_phone", "0612345678"),
            click(".o_payment_link_send", "send"),
            ...sentThenPaid(),
        ].flat(),
});

registry.category("web_tour.tours").add("PaymentLinkSettlementTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ...partnerAction("Claire Petit", "Settle the account by link"),
            {content: "both open items listed", trigger: `${dialog} .o_payment_link_item:eq(1)`},
            {content: "total of both", trigger: `${dialog} .o_payment_link_total:contains("65.00")`},
            click(".o_payment_link_item:contains('20.00')", "the customer settles the first invoice only"),
            {content: "total of the first", trigger: `${dialog} .o_payment_link_total:contains("45.00")`},
            click(".o_payment_link_send", "send"),
            ...sentThenPaid(),
        ].flat(),
});

registry.category("web_tour.tours").add("PaymentLinkPickupTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "the order shows its deposit received, in orange",
                trigger:
                    ".modal:not(.o_inactive_modal) tr.o_data_row:first-child .badge.text-bg-warning:contains('Deposit received')",
            },
            {
                content: "pick the order",
                trigger: ".modal:not(.o_inactive_modal) tr.o_data_row:first-child td",
                run: "click",
            },
            {
                content: "settle it",
                trigger: ".modal:not(.o_inactive_modal) .selection-item:contains('Settle the order')",
                run: "click",
            },
            {trigger: "body:not(:has(.modal))"},
            // the order's down-payment line took the deposit off: 80.00 less 30.00
            ProductScreen.clickPayButton(),
            PaymentScreen.emptyPaymentlines("50.00"),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
