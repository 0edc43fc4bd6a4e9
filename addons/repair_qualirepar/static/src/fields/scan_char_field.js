import {_t} from "@web/core/l10n/translation";
import {scanBarcode} from "@web/core/barcode/barcode_dialog";
import {isBarcodeScannerSupported} from "@web/core/barcode/barcode_video_scanner";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {CharField, charField} from "@web/views/fields/char/char_field";

/**
 * A char field with a button that reads the serial number or IMEI with the camera
 * (Odoo's barcode dialog). A hand scanner needs no button: it types into the field.
 * For an IMEI, the 15 digits are taken out of what the label holds ("IMEI 35...").
 */
export class ScanCharField extends CharField {
    static template = "repair_qualirepar.ScanCharField";
    static props = {...CharField.props, imei: {type: Boolean, optional: true}};

    setup() {
        super.setup();
        this.notification = useService("notification");
    }

    get canScan() {
        return isBarcodeScannerSupported();
    }

    async onScan() {
        let code;
        try {
            code = await scanBarcode(this.env);
        } catch (error) {
            this.notification.add(
                _t(
                    "The camera cannot be used here (%s): type the number or use a hand scanner.",
                    error?.message || error
                ),
                {type: "warning"}
            );
            return;
        }
        if (!code) {
            return;
        }
        let value = code.trim();
        if (this.props.imei) {
            const digits = value.match(/\d{15}/);
            if (!digits) {
                this.notification.add(_t("%s holds no IMEI (15 digits).", value), {type: "danger"});
                return;
            }
            value = digits[0];
        }
        await this.props.record.update({[this.props.name]: value});
    }
}

export const scanCharField = {
    ...charField,
    component: ScanCharField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...charField.extractProps(fieldInfo, dynamicInfo),
        imei: Boolean(fieldInfo.options.imei),
    }),
};

registry.category("fields").add("qualirepar_scan", scanCharField);
