def migrate(cr, version):
    """The consents the addon's data gives get the kind the addon now obeys (the data
    file is noupdate: an existing database keeps its records as they were)."""
    cr.execute(
        """
        UPDATE res_partner_consent_purpose purpose
           SET kind = data.kind
          FROM (VALUES ('consent_purpose_marketing', 'marketing'), ('consent_purpose_e_invoices', 'e_invoice'))
               AS data(name, kind)
          JOIN ir_model_data imd ON imd.module = 'customer_loyalty' AND imd.name = data.name
         WHERE purpose.id = imd.res_id AND purpose.kind = 'other'
        """
    )
