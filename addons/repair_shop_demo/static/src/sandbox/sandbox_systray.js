import {registry} from "@web/core/registry";
import {session} from "@web/session";
import {SandboxBadge} from "./sandbox_badge";

registry
    .category("systray")
    .add(
        "repair_shop_demo.sandbox",
        {Component: SandboxBadge, isDisplayed: () => Boolean(session.repair_sandbox)},
        {sequence: 100}
    );
