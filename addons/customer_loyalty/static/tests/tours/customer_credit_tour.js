import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
import {negate, run} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

const ACCOUNT = "Compte client";

function accountMethodShown(shown = true) {
    const selector = `.paymentmethod .payment-name:contains("${ACCOUNT}")`;
    return {
        content: `the customer account method is ${shown ? "" : "not "}offered`,
        trigger: shown ? `.paymentmethods ${selector}` : negate(selector, ".paymentmethods"),
    };
}

function creditInfoIs(text) {
    return {content: `the payment screen shows "${text}"`, trigger: `.o_customer_credit_info:contains("${text}")`};
}

function dialogSays(title, text) {
    return {
        content: `dialog "${title}" says "${text}"`,
        trigger: `.modal-dialog:contains("${title}"):contains("${text}")`,
    };
}

function setCustomer(name) {
    return [
        {content: "open the customer list", trigger: ".payment-screen button.partner-button", run: "click"},
        {content: `choose ${name}`, trigger: `.modal .partner-list b:contains("${name}")`, run: "click"},
        {content: `${name} is the customer`, trigger: `.payment-screen button.partner-button:contains("${name}")`},
    ];
}

registry.category("web_tour.tours").add("CustomerCreditWarningTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage"),
            ProductScreen.clickPayButton(),
            // no customer, or a customer without credit: no sale on account
            accountMethodShown(false),
            setCustomer("Lucie Moreau"),
            creditInfoIs("No credit at the till"),
            accountMethodShown(false),
            setCustomer("Atelier Couture Bernard"),
            creditInfoIs("Unlimited credit"),
            accountMethodShown(true),
            setCustomer("Cordonnerie Martin"),
            creditInfoIs("Credit available"),
            creditInfoIs("100.00"),
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            dialogSays("Credit limit exceeded", "100.00 available"),
            Dialog.confirm(),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            dialogSays("Credit limit exceeded", "Validate the sale anyway?"),
            Dialog.confirm("Validate anyway"),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});

registry.category("web_tour.tours").add("CustomerCreditBlockTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage"),
            ProductScreen.clickPayButton(),
            setCustomer("Cordonnerie Martin"),
            creditInfoIs("100.00"),
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            dialogSays("Sale on account refused", "Lower the amount on account"),
            Dialog.confirm(),
            PaymentScreen.clickValidate(),
            dialogSays("Sale on account refused", "100.00 available"),
            Dialog.confirm(),
            PaymentScreen.isShown(),
            // 50.00 in cash, the rest (100.00, the limit) on account
            PaymentScreen.clickPaymentlineDelButton(ACCOUNT, "150.00"),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickNumpad("5 0"),
            PaymentScreen.remainingIs("100.00"),
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            {
                content: "at the limit: no warning",
                trigger: negate(".modal-dialog:contains('Sale on account refused')"),
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.clickNextOrder(),
            // offline, with a figure three hours old: no sale on account at all
            run(() => {
                const partner = posmodel.models["res.partner"].find((p) => p.name === "Cordonnerie Martin");
                partner.update({
                    customer_credit_checked_at: luxon.DateTime.now()
                        .minus({hours: 3})
                        .toUTC()
                        .toFormat("yyyy-MM-dd HH:mm:ss"),
                });
                posmodel.data.network.offline = true;
            }, "the till loses the server; the credit figure is three hours old"),
            ProductScreen.clickDisplayedProduct("Ressemelage"),
            ProductScreen.clickPayButton(),
            setCustomer("Cordonnerie Martin"),
            creditInfoIs("Credit updated 180 min ago"),
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            dialogSays("Sale on account refused", "180 minutes ago"),
            Dialog.confirm(),
            {
                content: "no line on account was kept",
                trigger: negate(`.paymentline:contains("${ACCOUNT}")`, ".payment-screen .payment-summary"),
            },
            run(() => {
                posmodel.data.network.offline = false;
            }, "the server is back"),
        ].flat(),
});

registry.category("web_tour.tours").add("CustomerCreditAfterOrderTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage"),
            ProductScreen.clickPayButton(),
            setCustomer("Cordonnerie Martin"),
            // nothing on account yet: the 100.00 of the limit are left
            {
                content: "100.00 left after this order",
                trigger: ".o_customer_credit_info:contains('Credit left after this order'):contains('100.00')",
            },
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            dialogSays("Credit limit exceeded", "100.00 available"),
            Dialog.confirm(),
            {
                content: "150.00 on account: 50.00 over the limit",
                trigger:
                    ".o_customer_credit_info:contains('Credit left after this order'):contains('50.00'):not(:contains('100.00'))",
            },
            PaymentScreen.clickValidate(),
            Dialog.confirm("Validate anyway"),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.clickNextOrder(),
            // the refund on account gives the credit back
            ...ProductScreen.clickRefund(),
            TicketScreen.selectOrder("-0001"),
            ProductScreen.clickNumpad("1"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.clickPayButton(),
            {
                content: "the sale reached the server: 50.00 over the limit before the refund",
                trigger:
                    ".o_customer_credit_info:contains('Credit left after this order'):contains('50.00'):not(:contains('100.00'))",
            },
            PaymentScreen.clickPaymentMethod(ACCOUNT),
            {
                content: "the refund on account raises the credit left: 100.00",
                trigger: ".o_customer_credit_info:contains('Credit left after this order'):contains('100.00')",
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});
