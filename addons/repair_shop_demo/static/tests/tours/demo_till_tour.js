import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("RepairShopDemoTillTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {content: "the till says it is a sandbox", trigger: ".pos-topheader .o_repair_sandbox"},
            {content: "the shop's categories", trigger: ".category-button:contains('Cordonnerie')"},
            // picking a repair opens the repair bonus dialog of pos_repair_bonus, tested there
            {content: "the shoe repairs are sold", trigger: ".product-list .product:contains('Ressemelage cuir')"},
            {content: "the alterations too", trigger: ".product-list .product:contains('Reprise d')"},
            ProductScreen.clickDisplayedProduct("Cirage crème noir 50 ml"),
            ProductScreen.selectedOrderlineHas("Cirage crème noir 50 ml", "1"),
        ].flat(),
});
