import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as SelectionPopup from "@point_of_sale/../tests/tours/utils/selection_popup_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
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
