import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {refresh} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

// a 64 x 48 JPEG, as a counter camera would give (scaled down)
function photoFile(name) {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d");
    context.fillStyle = "#8a5a2b";
    context.fillRect(0, 0, 64, 48);
    const bytes = atob(canvas.toDataURL("image/jpeg").split(",")[1]);
    const array = Uint8Array.from(bytes, (c) => c.charCodeAt(0));
    return new File([array], name, {type: "image/jpeg"});
}

function addPhotos(count) {
    return {
        content: `add ${count} photo(s) of the item`,
        trigger: ".o_repair_bonus_popup input.o_repair_bonus_input:not(:visible)",
        run() {
            const transfer = new DataTransfer();
            for (let i = 1; i <= count; i++) {
                transfer.items.add(photoFile(`shoe-${i}.jpg`));
            }
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
        },
    };
}

function photosShown(count) {
    return {
        content: `${count} thumbnail(s) shown`,
        trigger: `.o_repair_bonus_photos:has(.o_repair_bonus_thumbnail:nth-child(${count})):not(:has(.o_repair_bonus_thumbnail:nth-child(${count + 1})))`,
    };
}

function pickRepairType(name) {
    return {
        content: `pick the repair type ${name}`,
        trigger: `.o_repair_bonus_types button:contains("${name}")`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("RepairBonusTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage cuir"),
            pickRepairType("Leather resoling"),
            addPhotos(3),
            photosShown(3),
            {
                content: "delete the third photo",
                trigger: ".o_repair_bonus_thumbnail:nth-child(3) .o_repair_bonus_remove",
                run: "click",
            },
            photosShown(2),
            {
                content: "apply the bonus",
                trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
                run: "click",
            },
            // what the cashier captured is kept in the browser with the order
            refresh(),
            ProductScreen.clickOrderline("Ressemelage cuir"),
            ProductScreen.clickControlButton("Repair bonus"),
            photosShown(2),
            {
                content: "the repair type is still chosen",
                trigger: ".o_repair_bonus_types button.btn-primary:contains('Leather resoling')",
            },
            {
                content: "apply it again",
                trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
                run: "click",
            },
            ProductScreen.clickPayButton(),
            {
                content: "the bonus is a payment line of 25.00",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('25.00')",
            },
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            {
                content: "the bonus line cannot be deleted",
                trigger: ".paymentlines .paymentline:contains('Repair bonus') .delete-button",
                run: "click",
            },
            {
                content: "it is still there",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('25.00')",
            },
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.totalAmountContains("59.00"),
            {
                content: "the receipt shows the bonus",
                trigger: ".pos-receipt:contains('Repair bonus'):contains('25.00')",
            },
        ].flat(),
});

registry.category("web_tour.tours").add("RepairBonusMissingPhotosTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage cuir"),
            pickRepairType("Leather resoling"),
            addPhotos(1),
            photosShown(1),
            {
                content: "one photo is not enough to apply the bonus",
                trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm[disabled]",
            },
            {
                content: "leave it for later",
                trigger: ".o_repair_bonus_popup .modal-footer button:contains('Later')",
                run: "click",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            {
                content: "payment is refused: photos are missing",
                trigger: ".modal-dialog:contains('Repair bonus'):contains('at least 2 photos')",
            },
            Dialog.confirm(),
            PaymentScreen.isShown(),
        ].flat(),
});
