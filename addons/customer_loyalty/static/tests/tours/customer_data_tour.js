import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import {negate} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

// the cashier works in French: steps find elements by their names, not their labels
const editor = ".o_dialog .o_form_view";

function fill(field, value) {
    return {
        content: `type ${value} in ${field}`,
        trigger: `${editor} .o_field_widget[name=${field}] input`,
        run: `edit ${value}`,
    };
}

function save() {
    return {content: "save the customer", trigger: ".o_dialog .o_form_button_save", run: "click"};
}

function refused(message) {
    return [
        {content: `refused: ${message}`, trigger: `.modal .modal-body:contains("${message}")`},
        {
            content: "close the message",
            trigger: `.modal:has(.modal-body:contains("${message}")) .modal-footer .btn-primary`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("CustomerDataTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm(),
            // the customer list may be empty: the step does not wait for a customer in it
            {content: "open the customers", trigger: ".product-screen .set-partner", run: "click"},
            {content: "create a customer", trigger: ".modal-header button.btn-primary.btn-lg", run: "click"},
            fill("name", "Lucie Fabre"),
            fill("email", "lucie.fabre@example.com"),
            fill("vat", "FR00123456789"),
            save(),
            refused("FR00123456789 n'est pas un numéro de TVA valide"),
            fill("vat", "FR40303265045"),
            fill("mobile", "06 12 34"),
            save(),
            refused("06 12 34 n'est pas un numéro de téléphone valide"),
            fill("mobile", "06 12 34 56 78"),
            {content: "open the consents", trigger: `${editor} .o_notebook a[name=customer_consents]`, run: "click"},
            {
                content: "the newsletter is unknown",
                trigger: `${editor} .o_field_widget[name=consent_ids] .o_data_row:contains("Lettre d'information") td[name=status]`,
                run: "click",
            },
            {
                content: "the customer accepts the newsletter",
                trigger: `${editor} .o_field_widget[name=consent_ids] .o_data_row:contains("Lettre d'information") td[name=status] select`,
                run: 'select "accepted"',
            },
            save(),
            // another customer has this VAT number: the cashier confirms it is someone else
            refused("Atelier Vidal a déjà le numéro de TVA FR40303265045"),
            {
                content: "it is another customer",
                trigger: `${editor} .o_field_widget[name=confirm_duplicate_vat] input`,
                run: "click",
            },
            save(),
            {content: "the editor is closed", trigger: negate(editor, "body")},
        ].flat(),
});
