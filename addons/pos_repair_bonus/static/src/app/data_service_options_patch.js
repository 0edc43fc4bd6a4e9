import {DataServiceOptions} from "@point_of_sale/app/models/data_service_options";
import {patch} from "@web/core/utils/patch";

// photos are kept in the browser with their order until it is paid *and* synced
// (as Odoo keeps the order's lines): they survive a reload, offline too
patch(DataServiceOptions.prototype, {
    get databaseTable() {
        return {
            ...super.databaseTable,
            "eco.bonus.photo": {
                key: "id",
                condition: (record) =>
                    !record.line_id ||
                    (record.line_id.order_id?.finalized && typeof record.line_id.order_id.id === "number"),
            },
        };
    },
});
