"""The auditor's financial-control pack: a ZIP of CSV files, attendance sheets, a summary PDF
and a manifest of checksums, for one grant and a period (see exporter.ControlPackExporter).

Modules: form (the options), context (beneficiaries and pseudonyms), csv_households,
csv_activities and csv_money (the CSV files), attendance (the sheets), summary (the PDF),
manifest, archive (the ZIP on disk) and build (all of them in order, with progress).
"""
