def migrate(cr, version):
    """The "repair" outcome is gone (it did nothing): such lines ask for a refund,
    which the staff still decide on when processing the return."""
    cr.execute("UPDATE sale_rma_line SET outcome = 'refund' WHERE outcome = 'repair'")
