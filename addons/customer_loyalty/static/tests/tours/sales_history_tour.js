import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
import {registry} from "@web/core/registry";

const popup = ".o_sales_history_popup";

registry.category("web_tour.tours").add("CustomerSalesHistoryTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // a sale to the customer, then their history from their details
            ProductScreen.clickDisplayedProduct("Ressemelage"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Cordonnerie Martin"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.clickPartnerButton(),
            {
                content: "open the menu of the customer",
                trigger: '.partner-line:contains("Cordonnerie Martin") .fa-bars',
                run: "click",
            },
            {content: "the customer's details", trigger: '.o-dropdown-item:contains("Customer details")', run: "click"},
            {content: "their sales history", trigger: ".o_customer_sales_history:not([disabled])", run: "click"},
            {
                content: "the till's line: sold, 1, 150.00",
                trigger: `${popup} .o_sales_history_line:contains("Ressemelage"):contains("Sold"):contains("150.00")`,
            },
            {
                content: "the back office's invoice line",
                trigger: `${popup} .o_sales_history_line:contains("Réparation atelier"):contains("60.00")`,
            },
            {content: "search an article", trigger: `${popup} .o_sales_history_search`, run: "edit ressem"},
            {
                content: "only the article searched",
                trigger: `${popup} .o_sales_history_lines:contains("Ressemelage"):not(:contains("Réparation atelier"))`,
            },
            {content: "returned lines only", trigger: `${popup} .o_sales_history_status`, run: "select returned"},
            {content: "none", trigger: `${popup}:contains("No line.")`},
            {content: "sold and returned", trigger: `${popup} .o_sales_history_status`, run: "select all"},
            {content: "above 200.00", trigger: `${popup} .o_sales_history_amount_min`, run: "edit 200"},
            {content: "none", trigger: `${popup}:contains("No line.")`},
            {content: "from 100.00", trigger: `${popup} .o_sales_history_amount_min`, run: "edit 100"},
            {
                content: "refund the line through Odoo's refund",
                trigger: `${popup} .o_sales_history_line:contains("Ressemelage") .o_sales_history_refund`,
                run: "click",
            },
            {content: "the ticket screen on the order", trigger: ".ticket-screen .orderline:contains('Ressemelage')"},
            ProductScreen.clickNumpad("1"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});
