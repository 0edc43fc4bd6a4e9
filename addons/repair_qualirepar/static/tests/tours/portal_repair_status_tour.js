/** @odoo-module **/
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("repair_qualirepar_portal_live_status", {
    steps: () => [
        {
            content: "The repair is under way",
            trigger: ".o_portal_repair_status li.fw-bold:contains(Under repair)",
        },
        {
            content: "The workshop ends the repair: the page shows it without reloading",
            trigger: ".o_portal_repair_status .badge:contains(Repaired)",
            timeout: 20000,
        },
        {
            content: "The customer is invited to give their opinion",
            trigger: ".o_portal_repair_status .o_repair_survey a:contains(Give my opinion)",
        },
    ],
});
