import {patch} from "@web/core/utils/patch";
import {ProductScreen} from "@point_of_sale/app/screens/product_screen/product_screen";

// a loyalty card scanned on the product screen identifies its holder, whatever the
// barcode nomenclature makes of its number (a coupon, or an unknown product)
patch(ProductScreen.prototype, {
    async _onCouponScan(code) {
        if (await this.pos.scanLoyaltyCard(code.base_code)) {
            return;
        }
        return super._onCouponScan(...arguments);
    },
    async _barcodeProductAction(code) {
        if (!(await this._getProductByBarcode(code)) && (await this.pos.scanLoyaltyCard(code.base_code))) {
            return;
        }
        return super._barcodeProductAction(...arguments);
    },
});
