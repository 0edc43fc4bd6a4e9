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
        const order = line.order_id;
        const family = line.product_id.eco_bonus_family_id;
        const others = order.lines.filter(
            (other) =>
                other !== line &&
                other.get_quantity() > 0 &&
                other.product_id.refashion_eligible &&
                other.product_id.eco_bonus_family_id?.id === family?.id &&
                !other.eco_bonus_declined
        );
        const joined = line.eco_bonus_item && others.find((other) => other.eco_bonus_item === line.eco_bonus_item);
        const payload = await makeAwaitable(this.dialog, RepairBonusPopup, {
            product: line.product_id,
            currencyId: this.currency.id,
            selectedTypeIds: line.eco_bonus_repair_type_ids.map((t) => t.id),
            photos: line.eco_bonus_photo_ids.map((p) => ({
                name: p.name,
                dataUrl: `data:image/jpeg;base64,${p.image}`,
            })),
            items: others.map((other) => ({
                uuid: other.uuid,
                label: other.get_full_product_name(),
                photoCount: order.lines
                    .filter((l) => l === other || (other.eco_bonus_item && l.eco_bonus_item === other.eco_bonus_item))
                    .filter((l) => l !== line)
                    .reduce((count, l) => count + l.eco_bonus_photo_ids.length, 0),
            })),
            joinUuid: joined ? joined.uuid : false,
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
        this.setRepairItem(line, payload.joinUuid && others.find((other) => other.uuid === payload.joinUuid));
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

    /** ``line`` becomes part of ``other``'s item, or an item of its own. */
    setRepairItem(line, other) {
        const order = line.order_id;
        const previous = line.eco_bonus_item;
        if (other) {
            order.joinRepairItem(line, other);
        } else {
            line.update({eco_bonus_item: 0});
        }
        // an item left with one line is that line's own again
        const rest = previous ? order.lines.filter((l) => l.eco_bonus_item === previous) : [];
        if (rest.length === 1) {
            rest[0].update({eco_bonus_item: 0});
        }
    },
});
