import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {negate} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

function couponRow(position, code, status) {
    return {
        content: `coupon ${position} of the list is ${code} (${status})`,
        trigger: `.o_coupon_list tbody tr:nth-child(${position}):contains("${code}"):contains("${status}")`,
    };
}

function listHasNot(code) {
    return {content: `${code} is not listed`, trigger: negate(`.o_coupon_row:contains("${code}")`, ".o_coupon_list")};
}

function filterStatus(value) {
    return {content: `filter on ${value}`, trigger: ".o_coupon_status_filter", run: `select ${value}`};
}

registry.category("web_tour.tours").add("CustomerCouponsTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "open the menu of the customer",
                trigger: '.partner-line:contains("Cordonnerie Martin") .fa-bars',
                run: "click",
            },
            {
                content: "open the customer's details",
                trigger: '.o-dropdown-item:contains("Customer details")',
                run: "click",
            },
            {content: "purchases of the period", trigger: ".o_customer_purchase_count:contains('2')"},
            {content: "amount spent", trigger: ".o_customer_amount_spent:contains('90.00')"},
            {content: "credit limit", trigger: ".o_customer_credit_limit:contains('100.00')"},
            {content: "owed", trigger: ".o_customer_credit_owed:contains('30.00')"},
            {content: "credit available", trigger: ".o_customer_credit_available:contains('70.00')"},
            {
                content: "current coupons, soonest expiry first",
                trigger: ".o_customer_coupons tbody tr:first-child:contains('SOON-0001')",
            },
            {
                content: "an expired coupon is not current",
                trigger: negate(".o_customer_coupon:contains('OLD-0001')", ".o_customer_coupons"),
            },
            {content: "show all coupons", trigger: ".o_customer_all_coupons", run: "click"},
            // by default: the active coupons, soonest expiry first
            couponRow(1, "SOON-0001", "Active"),
            couponRow(2, "LATER-0001", "Active"),
            listHasNot("OLD-0001"),
            listHasNot("USED-0001"),
            filterStatus("expired"),
            couponRow(1, "OLD-0001", "Expired"),
            listHasNot("SOON-0001"),
            filterStatus("used"),
            couponRow(1, "USED-0001", "Used"),
            {content: "open the used coupon", trigger: ".o_coupon_row:contains('USED-0001')", run: "click"},
            {content: "its detail", trigger: ".o_customer_coupon_detail .o_coupon_status:contains('Used')"},
            {content: "and its use", trigger: ".o_coupon_history:contains('Order 0042')"},
            {content: "back to the list", trigger: ".o_coupon_back", run: "click"},
            filterStatus("all"),
            {content: "text filter", trigger: ".o_coupon_text_filter", run: "edit LATER"},
            couponRow(1, "LATER-0001", "Active"),
            listHasNot("SOON-0001"),
        ].flat(),
});
