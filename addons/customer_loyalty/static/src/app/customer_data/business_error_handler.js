import {registry} from "@web/core/registry";
import {RPCError} from "@web/core/network/rpc";

const BUSINESS_ERRORS = ["odoo.exceptions.ValidationError", "odoo.exceptions.UserError"];

// A customer refused by the server (invalid VAT or phone number...) is a message for
// the cashier, shown by the point of sale's own handler: not an error of the till to log.
function businessErrorHandler(env, error, originalError) {
    if (originalError instanceof RPCError && BUSINESS_ERRORS.includes(originalError.exceptionName)) {
        error.event?.preventDefault();
    }
    return false;
}

registry.category("error_handlers").add("customer_loyalty_business_errors", businessErrorHandler, {sequence: 1});
