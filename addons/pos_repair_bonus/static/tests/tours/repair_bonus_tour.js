import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
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

export function photosShown(count) {
    return {
        content: `${count} thumbnail(s) shown`,
        trigger: `.o_repair_bonus_photos:has(.o_repair_bonus_thumbnail:nth-child(${count})):not(:has(.o_repair_bonus_thumbnail:nth-child(${count + 1})))`,
    };
}

export function pickRepairType(name) {
    return {
        content: `pick the repair type ${name}`,
        trigger: `.o_repair_bonus_types button:contains("${name}")`,
        run: "click",
    };
}

/** The leather resole of the tests, with its type and two photos, bonus applied. */
export function addTheLeatherResole() {
    return [
        ProductScreen.clickDisplayedProduct("Ressemelage cuir"),
        pickRepairType("Leather resoling"),
        addPhotos(2),
        photosShown(2),
        {
            content: "apply the bonus",
            trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
            run: "click",
        },
    ].flat();
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

// The table of cases the server's test runs too (tests/test_bonus_rules.py), through
// the till's rule: each case is an order built as the cashier would, its bonus
// compared with the table's. All cases agree, or the marker never appears.
registry.category("web_tour.tours").add("RepairBonusRuleCasesTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {
                content: "run the table of cases through the till's rule",
                trigger: ".pos .product-screen",
                async run() {
                    const pos = window.posmodel;
                    const response = await fetch("/pos_repair_bonus/static/tests/bonus_cases.json");
                    const table = await response.json();
                    const failures = [];
                    for (const testCase of table.cases) {
                        const order = pos.add_new_order();
                        for (const spec of testCase.lines) {
                            const name = table.products[spec.product].name;
                            const product = pos.models["product.product"].find((p) => p.name === name);
                            const line = await pos.addLineToCurrentOrder(
                                {product_id: product, qty: spec.qty || 1},
                                {},
                                false
                            );
                            line.price_type = "manual";
                            line.set_unit_price(spec.price);
                            if (spec.discount) {
                                line.set_discount(spec.discount);
                            }
                            const types = (spec.types || []).map((code) =>
                                pos.models["eco.bonus.repair.type"].find((t) => t.code === code)
                            );
                            line.update({
                                eco_bonus_item: spec.item || 0,
                                eco_bonus_repair_type_ids: [["clear"], ["link", ...types]],
                            });
                        }
                        const bonus = order.computeRepairBonus();
                        if (Math.abs(bonus - testCase.bonus) > 0.001) {
                            failures.push(`${testCase.name}: the till gives ${bonus}, the table ${testCase.bonus}`);
                        }
                    }
                    if (failures.length) {
                        throw new Error(failures.join("\n"));
                    }
                    document.body.dataset.repairBonusCases = String(table.cases.length);
                },
            },
            {
                content: "every case of the table agrees",
                trigger: "body[data-repair-bonus-cases]",
                run() {
                    if (Number(document.body.dataset.repairBonusCases) < 15) {
                        throw new Error("the table lost cases");
                    }
                },
            },
        ].flat(),
});

registry.category("web_tour.tours").add("RepairBonusRefundTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            addTheLeatherResole(),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.clickNextOrder(),
            // the sale comes back from the server, as any sale of another day does
            refresh(),
            ...ProductScreen.clickRefund(),
            TicketScreen.selectOrder("-0001"),
            ProductScreen.clickNumpad("1"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.clickPayButton(),
            {
                content: "the bonus goes back to Refashion: a payment line of -25.00",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('-25.00')",
            },
            PaymentScreen.clickPaymentMethod("Cash"),
            {
                content: "the customer gets back what they paid: 34.00",
                trigger: ".paymentlines .paymentline:contains('Cash'):contains('-34.00')",
            },
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});

registry.category("web_tour.tours").add("RepairBonusItemTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            addTheLeatherResole(),
            ProductScreen.clickDisplayedProduct("Talons"),
            {
                content: "the heel tips are on the same pair",
                trigger: ".o_repair_bonus_items button.o_repair_bonus_item_join:contains('Ressemelage cuir')",
                run: "click",
            },
            pickRepairType("Heel tips"),
            {
                content: "the pair's photos are enough: apply the bonus",
                trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
                run: "click",
            },
            ProductScreen.clickPayButton(),
            {
                content: "one pair of 69.00: 25.00 + 7.00 (alone, the 10.00 heel tips would earn nothing)",
                trigger: ".paymentlines .paymentline:contains('Repair bonus'):contains('32.00')",
            },
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});

async function waitFor(condition, what, timeout = 10000) {
    const start = Date.now();
    while (!condition()) {
        if (Date.now() - start > timeout) {
            throw new Error(`still waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

function captureFromCamera() {
    return {
        content: "take a photo with the camera",
        trigger: ".o_repair_bonus_popup .o_repair_bonus_capture",
        async run() {
            const video = document.querySelector(".o_repair_bonus_video");
            await waitFor(() => video.videoWidth > 0, "the camera's picture");
            this.anchor.click();
        },
    };
}

function applyTheBonus() {
    return {
        content: "apply the bonus",
        trigger: ".o_repair_bonus_popup .o_repair_bonus_confirm:not([disabled])",
        run: "click",
    };
}

// Chromium's fake camera (--use-fake-device-for-media-stream) films the counter
registry.category("web_tour.tours").add("RepairBonusCameraTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Ressemelage cuir"),
            pickRepairType("Leather resoling"),
            {
                content: "open the camera",
                trigger: ".o_repair_bonus_popup .o_repair_bonus_camera",
                run: "click",
            },
            captureFromCamera(),
            photosShown(1),
            captureFromCamera(),
            photosShown(2),
            {
                content: "no error",
                trigger: ".o_repair_bonus_popup:not(:has(.o_repair_bonus_error))",
            },
            applyTheBonus(),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
        ].flat(),
});

// paid while the server cannot be reached, the page reloaded before the order
// synced: the photos are still there when it does
registry.category("web_tour.tours").add("RepairBonusOfflineReloadTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            addTheLeatherResole(),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.remainingIs("0.00"),
            {
                content: "the server cannot be reached: the orders wait to sync (as offline)",
                trigger: ".payment-screen",
                run() {
                    // what syncAllOrders does up to the network call, then no answer
                    const pos = window.posmodel;
                    pos.syncAllOrders = async () => {
                        const {orderToCreate, orderToUpdate} = pos.getPendingOrder();
                        [...orderToCreate, ...orderToUpdate].forEach((order) => order.recomputeOrderData());
                        // the browser keeps what the till holds (as its data service does)
                        pos.data.syncDataWithIndexedDB(pos.data.records);
                        return [];
                    };
                },
            },
            PaymentScreen.clickValidate(),
            ReceiptScreen.receiptIsThere(),
            {
                content: "the paid order is not synced; a while later the page is reloaded",
                trigger: ".receipt-screen",
                async run() {
                    if (!window.posmodel.models["pos.order"].some((order) => order.isUnsyncedPaid)) {
                        throw new Error("the order synced although the server could not be reached");
                    }
                    // the browser writes its local database in the background
                    await new Promise((resolve) => setTimeout(resolve, 1500));
                    const stored = await window.posmodel.data.indexedDB.readAll(["pos.order", "eco.bonus.photo"]);
                    const paid = stored["pos.order"].filter((order) => order.state === "paid");
                    if (paid.length !== 1 || (stored["eco.bonus.photo"] || []).length !== 2) {
                        throw new Error(
                            `stored: ${paid.length} paid order(s), ${stored["eco.bonus.photo"]?.length} photo(s)`
                        );
                    }
                },
            },
            refresh(),
            {
                content: "back online after the reload: the order syncs with its photos",
                trigger: ".pos .product-screen",
                async run() {
                    // the server's test counts the photos the order synced with
                    const orders = window.posmodel.models["pos.order"];
                    await waitFor(
                        () => orders.some((order) => order.finalized && typeof order.id === "number"),
                        "the order to sync"
                    );
                    document.body.dataset.repairBonusSynced = "1";
                },
            },
            {
                content: "synced",
                trigger: "body[data-repair-bonus-synced]",
            },
        ].flat(),
});
