import {Component} from "@odoo/owl";
import {session} from "@web/session";

/** Says on every screen that this database is a sandbox: claims and payments go to test services. */
export class SandboxBadge extends Component {
    static template = "repair_shop_demo.SandboxBadge";
    static props = {};

    get isSandbox() {
        return Boolean(session.repair_sandbox);
    }
}
