import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("repair_qualirepar_scan_device", {
    steps: () => [
        {
            content: "The QualiRépar tab holds the device's identifiers",
            trigger: ".o_notebook a[name=qualirepar]",
            run: "click",
        },
        {
            content: "A hand scanner types the serial number into the field",
            trigger: ".o_field_widget[name=device_serial] input",
            run: "edit SN-HAND-0042",
        },
        {
            content: "The IMEI has a camera button",
            trigger: ".o_field_widget[name=device_imei] .o_qualirepar_scan",
            run: "click",
        },
        {
            content: "Odoo's barcode dialog opens; this browser has no camera and says so",
            trigger: ".modal:contains(Could not start scanning)",
        },
        {
            content: "Close it",
            trigger: ".modal-header button[aria-label=Close]",
            run: "click",
        },
        {
            content: "Save the repair",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
