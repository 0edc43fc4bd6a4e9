import {patch} from "@web/core/utils/patch";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {RepairBonusPopup} from "./repair_bonus_popup/repair_bonus_popup";

patch(PosStore.prototype, {
    get repairBonusMethod() {
        return this.config.payment_method_ids.find((method) => method.is_repair_bonus);
    },

    isRepairBonusLine(line) {
        return Boolean(this.repairBonusMethod && line?.product_id?.refashion_eligible && line.get_quantity() > 0);
    },

    async addLineToCurrentOrder(vals, opts = {}, configure = true) {
        const line = await super.addLineToCurrentOrder(...arguments);
        if (configure && this.isRepairBonusLine(line) && !line.eco_bonus_repair_type_ids.length) {
            await this.editRepairBonus(line);
        }
        return line;
    },

    /** Repair types and photos of an eligible line, asked to the cashier. */
    async editRepairBonus(line) {
        const company = this.company;
        const payload = await makeAwaitable(this.dialog, RepairBonusPopup, {
            product: line.product_id,
            currencyId: this.currency.id,
            selectedTypeIds: line.eco_bonus_repair_type_ids.map((t) => t.id),
            photos: line.eco_bonus_photo_ids.map((p) => ({
                name: p.name,
                dataUrl: `data:image/jpeg;base64,${p.image}`,
            })),
            minPhotos: company.eco_bonus_min_photos,
            maxMegabytes: company.eco_bonus_photo_max_mb,
            maxSide: company.eco_bonus_photo_max_side,
        });
        if (!payload) {
            return false;
        }
        for (const photo of [...line.eco_bonus_photo_ids]) {
            photo.delete();
        }
        const types = payload.typeIds.map((id) => this.models["eco.bonus.repair.type"].get(id));
        line.update({
            eco_bonus_declined: payload.declined,
            eco_bonus_repair_type_ids: [["clear"], ["link", ...types]],
            eco_bonus_photo_ids: payload.photos.map((photo) => [
                "create",
                {name: photo.name, image: photo.dataUrl.split(",")[1]},
            ]),
        });
        return true;
    },
});
