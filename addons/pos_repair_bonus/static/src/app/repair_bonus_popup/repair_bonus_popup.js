import {Component, onWillUnmount, useEffect, useRef, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";
import {formatCurrency} from "@web/core/currency";
import {allowedRepairTypes, amountOn} from "../repair_bonus";

/**
 * Asks the cashier for the repair type(s) of an eligible item and the photos taken
 * at the counter (the device camera when there is one, else a file or the phone's
 * capture input). Photos are scaled down here so that the order stays light offline.
 */
export class RepairBonusPopup extends Component {
    static template = "pos_repair_bonus.RepairBonusPopup";
    static components = {Dialog};
    static props = {
        product: Object,
        currencyId: Number,
        selectedTypeIds: {type: Array, optional: true},
        photos: {type: Array, optional: true},
        // the other repaired lines of the order this one may be part of
        items: {type: Array, optional: true},
        joinUuid: {type: [String, Boolean], optional: true},
        minPhotos: Number,
        maxMegabytes: Number,
        maxSide: Number,
        getPayload: Function,
        close: Function,
    };
    static defaultProps = {selectedTypeIds: [], photos: [], items: [], joinUuid: false};

    setup() {
        this.repairTypes = allowedRepairTypes(this.props.product);
        this.state = useState({
            typeIds: [...this.props.selectedTypeIds],
            photos: [...this.props.photos],
            joinUuid: this.props.joinUuid,
            error: "",
            cameraOn: false,
        });
        this.fileInput = useRef("fileInput");
        this.video = useRef("video");
        this.stream = null;
        // the video element exists once the camera is on and rendered: the stream
        // plays in it then
        useEffect(
            (video) => {
                if (video && this.stream && video.srcObject !== this.stream) {
                    video.srcObject = this.stream;
                    video.play().catch(() => {});
                }
            },
            () => [this.video.el]
        );
        onWillUnmount(() => this.stopCamera());
    }

    /** Photos of the item: this line's and those of the lines it joins. */
    get itemPhotoCount() {
        const joined = this.props.items.find((item) => item.uuid === this.state.joinUuid);
        return this.state.photos.length + (joined?.photoCount || 0);
    }

    get canConfirm() {
        return this.state.typeIds.length > 0 && this.itemPhotoCount >= this.props.minPhotos;
    }

    get missingPhotos() {
        return Math.max(this.props.minPhotos - this.itemPhotoCount, 0);
    }

    joinItem(uuid) {
        this.state.joinUuid = uuid;
    }

    get missingPhotosText() {
        return _t("(%(count)s more needed)", {count: this.missingPhotos});
    }

    get hasCamera() {
        return Boolean(navigator.mediaDevices?.getUserMedia);
    }

    formatAmount(amount) {
        return formatCurrency(amount, this.props.currencyId);
    }

    amountToday(repairType) {
        return this.formatAmount(amountOn(repairType) || 0);
    }

    toggleType(repairType) {
        const ids = this.state.typeIds;
        const index = ids.indexOf(repairType.id);
        if (index >= 0) {
            ids.splice(index, 1);
        } else {
            ids.push(repairType.id);
        }
    }

    chooseFile() {
        this.fileInput.el.click();
    }

    async onFilesChosen(ev) {
        for (const file of ev.target.files) {
            await this.addFile(file);
        }
        ev.target.value = "";
    }

    async addFile(file) {
        this.state.error = "";
        if (file.size > this.props.maxMegabytes * 1024 * 1024) {
            this.state.error = _t("%(name)s weighs more than %(max)s MB.", {
                name: file.name,
                max: this.props.maxMegabytes,
            });
            return;
        }
        let bitmap;
        try {
            bitmap = await createImageBitmap(file);
        } catch {
            this.state.error = _t("%(name)s is not an image: take a photo of the item.", {name: file.name});
            return;
        }
        this.addBitmap(bitmap, file.name);
    }

    addBitmap(source, name) {
        const width = source.width || source.videoWidth;
        const height = source.height || source.videoHeight;
        const scale = Math.min(1, this.props.maxSide / Math.max(width, height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
        const dataUrl = canvas.toDataURL("image/jpeg", 0.85);
        this.state.photos.push({name: name || `photo-${this.state.photos.length + 1}.jpg`, dataUrl});
    }

    removePhoto(index) {
        this.state.photos.splice(index, 1);
    }

    async startCamera() {
        this.state.error = "";
        try {
            this.stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
        } catch {
            this.state.error = _t("No camera available: choose a photo file instead.");
            this.chooseFile();
            return;
        }
        this.state.cameraOn = true;
    }

    capture() {
        const video = this.video.el;
        if (!video?.videoWidth) {
            this.state.error = _t("The camera is not ready yet: try again in a moment.");
            return;
        }
        this.state.error = "";
        this.addBitmap(video);
    }

    stopCamera() {
        this.stream?.getTracks().forEach((track) => track.stop());
        this.stream = null;
        this.state.cameraOn = false;
    }

    confirm() {
        this.stopCamera();
        this.props.getPayload({
            typeIds: this.state.typeIds,
            photos: this.state.photos,
            joinUuid: this.state.joinUuid,
            declined: false,
        });
        this.props.close();
    }

    decline() {
        this.stopCamera();
        this.props.getPayload({typeIds: [], photos: [], joinUuid: false, declined: true});
        this.props.close();
    }

    cancel() {
        this.stopCamera();
        this.props.close();
    }
}
