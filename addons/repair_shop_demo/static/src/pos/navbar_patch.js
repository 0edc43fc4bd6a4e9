import {Navbar} from "@point_of_sale/app/navbar/navbar";
import {SandboxBadge} from "@repair_shop_demo/sandbox/sandbox_badge";

Navbar.components = {...Navbar.components, SandboxBadge};
