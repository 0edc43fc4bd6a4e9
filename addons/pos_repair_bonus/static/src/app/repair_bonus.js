/**
 * The Refashion bonus rules as the till applies them, from the grid the server
 * loaded. The server computes them again from the same records when the order
 * is synced (eco.bonus.family.compute_bonus) and never trusts this amount.
 */
import {SERIALIZABLE_MODELS} from "@point_of_sale/app/models/related_models";

// photos travel with their order line to the server
SERIALIZABLE_MODELS.push("eco.bonus.photo");

function isoDate(value) {
    if (!value) {
        return false;
    }
    return typeof value === "string" ? value.slice(0, 10) : value.toISODate();
}

function todayIso() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function isValidOn(repairType, day) {
    const from = isoDate(repairType.date_from);
    const to = isoDate(repairType.date_to);
    return (!from || from <= day) && (!to || day <= to);
}

export function allowedRepairTypes(product, day = todayIso()) {
    return (product.eco_bonus_repair_type_ids || []).filter((t) => isValidOn(t, day));
}

/** The bonus of one item of ``family`` costing ``price`` (tax included). */
export function itemBonus(family, price, repairTypes, day = todayIso()) {
    if (!family || !repairTypes.length) {
        return 0;
    }
    if (repairTypes.some((t) => t.family_id?.id !== family.id || !isValidOn(t, day))) {
        return 0;
    }
    if (Math.round(price * 100) < Math.round((family.min_repair_amount || 0) * 100)) {
        return 0;
    }
    const seenPerPair = new Set();
    let amount = 0;
    for (const repairType of repairTypes) {
        if (repairType.per_pair) {
            if (seenPerPair.has(repairType.id)) {
                continue;
            }
            seenPerPair.add(repairType.id);
        }
        amount += repairType.amount;
    }
    if (family.cap_rate) {
        const cap = Math.floor(((price * family.cap_rate) / 100) * 100 + 1e-6) / 100;
        amount = Math.min(amount, cap);
    }
    return Math.round(amount * 100) / 100;
}

export function lineBonus(line) {
    const quantity = line.get_quantity();
    if (line.eco_bonus_declined || quantity <= 0) {
        return 0;
    }
    const product = line.product_id;
    const types = line.eco_bonus_repair_type_ids || [];
    return itemBonus(product.eco_bonus_family_id, line.get_price_with_tax() / quantity, types) * quantity;
}
