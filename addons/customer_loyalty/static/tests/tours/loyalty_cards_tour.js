import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as SelectionPopup from "@point_of_sale/../tests/tours/utils/selection_popup_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import {scan_barcode} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

function startWithProduct() {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickDisplayedProduct("Ressemelage"),
    ].flat(3);
}

function chooseCustomer(name) {
    return [ProductScreen.clickPartnerButton(), ProductScreen.clickCustomer(name)].flat(3);
}

// a scanner types the number and Enter into the dialog's field, as a cashier would
function scanCard(code) {
    return [
        ProductScreen.clickControlButton("Loyalty card"),
        {
            content: "the cashier is asked for the number",
            trigger: '.modal .modal-header:contains("Give the loyalty card")',
        },
        TextInputPopup.inputText(code),
        Dialog.confirm("Apply"),
    ].flat(3);
}

registry.category("web_tour.tours").add("LoyaltyCardAssignTour", {
    steps: () =>
        [
            startWithProduct(),
            chooseCustomer("Anne Marie"),
            ProductScreen.totalAmountIs("100.00"),
            scanCard("CARTE-0001"),
            {
                content: "the card is given",
                trigger: '.o_notification:contains("Card CARTE-0001 given to Anne Marie")',
            },
            // the card holders' discount now applies
            ProductScreen.totalAmountIs("90.00"),
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardBlockedTour", {
    steps: () =>
        [
            startWithProduct(),
            chooseCustomer("Anne Marie"),
            scanCard("BLOQUEE-1"),
            {
                content: "the cashier reads why the card is refused",
                trigger: '.modal .modal-body:contains("Blocked card: Lost")',
            },
            Dialog.confirm("Ok"),
            ProductScreen.totalAmountIs("100.00"),
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardRecomputeTour", {
    steps: () =>
        [
            startWithProduct(),
            chooseCustomer("Claire Petit"),
            ProductScreen.totalAmountIs("90.00"),
            // No: the order stays as it is
            chooseCustomer("Paul Martin"),
            Dialog.is({title: "Recompute the discounts?"}),
            Dialog.confirm("No", ".btn-secondary"),
            ProductScreen.customerIsSelected("Paul Martin"),
            ProductScreen.totalAmountIs("90.00"),
            // Yes: the new customer has no card, the discount goes
            chooseCustomer("Anne Marie"),
            Dialog.is({title: "Recompute the discounts?"}),
            Dialog.confirm("Yes"),
            ProductScreen.totalAmountIs("100.00"),
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardNoTypeTour", {
    steps: () =>
        [
            startWithProduct(),
            chooseCustomer("Anne Marie"),
            ProductScreen.clickControlButton("Loyalty card"),
            {
                content: "no card type is issued at this till",
                trigger:
                    '.modal .modal-body:contains("The loyalty card cannot be given to the customer. No card type to assign.")',
            },
            Dialog.confirm("Ok"),
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardVirtualTour", {
    steps: () =>
        [
            startWithProduct(),
            chooseCustomer("Anne Marie"),
            ProductScreen.clickControlButton("Loyalty card"),
            SelectionPopup.has("Physical"),
            SelectionPopup.has("Virtual", {run: "click"}),
            {
                content: "the customer will receive the card",
                trigger: '.o_notification:contains("The card number will be generated and sent to the customer")',
            },
            ProductScreen.totalAmountIs("90.00"),
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardScanOnProductScreenTour", {
    steps: () =>
        [
            startWithProduct(),
            // no customer chosen: the card says who it is
            scan_barcode("CLAIRE-1"),
            ProductScreen.customerIsSelected("Claire Petit"),
            {content: "the card is named", trigger: '.o_notification:contains("Card CLAIRE-1: Claire Petit")'},
            // a blocked card identifies nobody, with its reason
            scan_barcode("BLOQUEE-1"),
            {content: "blocked card refused", trigger: '.o_notification:contains("Blocked card")'},
            ProductScreen.customerIsSelected("Claire Petit"),
            // a pre-printed card given to the customer of the order, who had a card the till opened
            chooseCustomer("Anne Marie"),
            scan_barcode("PRINTED-5"),
            {content: "the cashier is asked", trigger: '.modal:contains("Give the card PRINTED-5 to Anne Marie?")'},
            Dialog.confirm("Give the card"),
            {content: "given", trigger: '.o_notification:contains("Card PRINTED-5 given to Anne Marie")'},
        ].flat(3),
});

/** The till opened, Claire Petit's details from the customer list, her card shown. */
function openClairesDetails() {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickPartnerButton(),
        {
            content: "open the menu of the customer",
            trigger: '.partner-line:contains("Claire Petit") .fa-bars',
            run: "click",
        },
        {
            content: "open the customer's details",
            trigger: '.o-dropdown-item:contains("Customer details")',
            run: "click",
        },
        {content: "the card's number", trigger: ".o_customer_card_code:contains('CLAIRE-1')"},
    ].flat(3);
}

registry.category("web_tour.tours").add("LoyaltyCardDetailsBlockTour", {
    steps: () =>
        [
            openClairesDetails(),
            {content: "its tier", trigger: ".o_customer_card_tier:contains('Rouge')"},
            {content: "its points of the year", trigger: ".o_customer_card_year_points:contains('40')"},
            {content: "its history", trigger: ".o_customer_card_history:contains('Vente du samedi')"},
            {content: "block it", trigger: ".o_customer_card_block", run: "click"},
            {content: "the card lost", trigger: ".o_card_block_reason", run: "select Lost"},
            {content: "a new card", trigger: ".o_card_block_reissue", run: "click"},
            {content: "its number", trigger: ".o_card_block_code", run: "edit CLAIRE-2"},
            {content: "confirm", trigger: ".o_card_block_confirm", run: "click"},
            {
                content: "blocked and replaced",
                trigger: '.o_notification:contains("Card CLAIRE-1 blocked, card CLAIRE-2 issued")',
            },
            {content: "the details show the new card", trigger: ".o_customer_card_code:contains('CLAIRE-2')"},
            {content: "with the points", trigger: ".o_customer_card_year_points:contains('40')"},
        ].flat(3),
});

registry.category("web_tour.tours").add("LoyaltyCardDetailsNoBlockTour", {
    steps: () =>
        [
            openClairesDetails(),
            {
                content: "a cashier not granted it cannot block the card",
                trigger: ".o_customer_cards:not(:has(.o_customer_card_block))",
            },
        ].flat(3),
});
