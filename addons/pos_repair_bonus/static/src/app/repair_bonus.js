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

/** The bonus of ``repairType`` on ``day`` (its dated amounts), null outside the grid. */
export function amountOn(repairType, day = todayIso()) {
    for (const line of repairType.amount_ids || []) {
        const from = isoDate(line.date_from);
        const to = isoDate(line.date_to);
        if ((!from || from <= day) && (!to || day <= to)) {
            return line.amount;
        }
    }
    return null;
}

export function isValidOn(repairType, day) {
    return amountOn(repairType, day) !== null;
}

export function allowedRepairTypes(product, day = todayIso()) {
    return (product.eco_bonus_repair_type_ids || []).filter((t) => isValidOn(t, day));
}

function sameTaxes(line, other) {
    const ids = (l) =>
        (l.tax_ids || [])
            .map((t) => t.id)
            .sort((a, b) => a - b)
            .join(",");
    return ids(line) === ids(other);
}

/**
 * The bonus of one item of ``family`` costing ``price`` (tax included), the twin
 * of eco.bonus.family.compute_bonus: per-pair types once, a type that earns
 * nothing with another one of the item left out, the minimum price and the cap.
 */
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
    const present = new Set(repairTypes.map((t) => t.id));
    const seenPerPair = new Set();
    let amount = 0;
    for (const repairType of repairTypes) {
        if ((repairType.not_combined_with_ids || []).some((other) => present.has(other.id))) {
            continue;
        }
        if (repairType.per_pair) {
            if (seenPerPair.has(repairType.id)) {
                continue;
            }
            seenPerPair.add(repairType.id);
        }
        amount += amountOn(repairType, day);
    }
    if (family.cap_rate) {
        const cap = Math.floor(((price * family.cap_rate) / 100) * 100 + 1e-6) / 100;
        amount = Math.min(amount, cap);
    }
    return Math.round(amount * 100) / 100;
}

/**
 * Each line's price including tax after every discount, for ``quantities``
 * (Map line -> quantity): a line of negative price that refunds nothing (an order
 * discount, a reward, a negative line of any product) is a discount, spread over
 * the lines of positive price in proportion to their prices, among those with the
 * same taxes if any. Twin of pos.order._eco_bonus_line_prices: ``{prices, positives}``.
 */
function linePrices(lines, quantities) {
    const own = new Map();
    for (const line of lines) {
        const quantity = quantities.get(line) || 0;
        if (!quantity) {
            continue;
        }
        const price = line.get_price_with_tax();
        own.set(line, quantity === line.get_quantity() ? price : (price * quantity) / line.get_quantity());
    }
    const prices = new Map(own);
    const positives = lines.filter((line) => own.has(line) && quantities.get(line) > 0 && own.get(line) > 0);
    const discounts = lines.filter((line) => own.has(line) && own.get(line) < 0 && line.isRepairBonusDiscount());
    for (const discount of discounts) {
        let base = positives.filter((line) => sameTaxes(line, discount));
        if (!base.length) {
            base = positives;
        }
        let total = 0;
        for (const line of base) {
            total += own.get(line);
        }
        for (const line of base) {
            prices.set(line, prices.get(line) + (own.get(discount) * own.get(line)) / total);
        }
    }
    return {prices, positives};
}

function units(quantity) {
    // rounded half up, as the server's _eco_bonus_units
    return Math.max(Math.floor(quantity + 0.5), 1);
}

/**
 * The repaired items of ``lines`` (all the lines of one order): ``[{key, lines,
 * price, types}]``. Lines of one item number make one item, a line without one is
 * as many items as its quantity. Twin of pos.order._eco_bonus_items.
 */
export function repairItems(lines, quantities = null) {
    quantities = quantities || new Map(lines.map((line) => [line, line.get_quantity()]));
    const {prices, positives} = linePrices(lines, quantities);
    const items = [];
    const groups = new Map();
    for (const line of positives) {
        if (!(line.eco_bonus_repair_type_ids || []).length || line.eco_bonus_declined) {
            continue;
        }
        if (line.eco_bonus_item) {
            if (!groups.has(line.eco_bonus_item)) {
                groups.set(line.eco_bonus_item, []);
            }
            groups.get(line.eco_bonus_item).push(line);
            continue;
        }
        const count = units(quantities.get(line));
        for (let unit = 0; unit < count; unit++) {
            items.push({
                key: `L${line.id}`,
                lines: [line],
                price: prices.get(line) / count,
                types: line.eco_bonus_repair_type_ids,
            });
        }
    }
    for (const [number, group] of groups) {
        const types = [];
        let price = 0;
        for (const line of group) {
            price += prices.get(line);
            const count = units(quantities.get(line));
            for (let unit = 0; unit < count; unit++) {
                types.push(...line.eco_bonus_repair_type_ids);
            }
        }
        items.push({key: `I${number}`, lines: group, price, types});
    }
    return items;
}

/** The bonus of one repaired item: nothing if its lines mix families or products not eligible. */
export function repairItemBonus(item, day = todayIso()) {
    const products = item.lines.map((line) => line.product_id);
    if (products.some((product) => !product.refashion_eligible)) {
        return 0;
    }
    const families = new Set(products.map((product) => product.eco_bonus_family_id?.id));
    if (families.size !== 1) {
        return 0;
    }
    return itemBonus(products[0].eco_bonus_family_id, item.price, item.types, day);
}

/** The bonus of ``lines`` (all lines of one order), for ``quantities`` if given. */
export function linesBonus(lines, quantities = null, day = todayIso()) {
    const total = repairItems(lines, quantities).reduce((sum, item) => sum + repairItemBonus(item, day), 0);
    return Math.round(total * 100) / 100;
}

export {isoDate};
