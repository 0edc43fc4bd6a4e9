import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import {registry} from "@web/core/registry";

const TIERS = {gold: 1, orange: 2, red: 3};

registry.category("web_tour.tours").add("CustomerRuleCasesTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {
                content: "run the table of cases through the till's rules",
                trigger: ".pos .product-screen",
                async run() {
                    // the till's own modules, as the till runs them
                    const {posCreditRule} = odoo.loader.modules.get("@customer_loyalty/app/pos_credit/pos_credit");
                    const {loyaltyCardRule} = odoo.loader.modules.get(
                        "@customer_loyalty/app/loyalty_cards/pos_order_patch"
                    );
                    const response = await fetch("/customer_loyalty/static/tests/rule_cases.json");
                    const table = await response.json();
                    const failures = [];
                    for (const testCase of table.credit) {
                        const verdict = posCreditRule({decimals: 2, ...testCase});
                        if (verdict !== testCase.expected) {
                            failures.push(`${testCase.name}: ${verdict}, expected ${testCase.expected}`);
                        }
                    }
                    for (const testCase of table.card) {
                        const verdict = loyaltyCardRule({
                            requiresCard: testCase.requiresCard,
                            tierIds: testCase.tiers.map((name) => TIERS[name]),
                            cards: testCase.cards.map((name) => ({
                                tierId: TIERS[(name || "").replace("!", "")] || false,
                                blocked: Boolean(name && name.endsWith("!")),
                            })),
                        });
                        if (verdict !== testCase.expected) {
                            failures.push(`${testCase.name}: ${verdict}, expected ${testCase.expected}`);
                        }
                    }
                    if (failures.length) {
                        throw new Error(`the till's rules differ from the table: ${failures.join("; ")}`);
                    }
                    document.body.classList.add("o_rule_cases_done");
                },
            },
            {content: "every case ran", trigger: "body.o_rule_cases_done"},
        ].flat(),
});
