"""The yearly evaluation with the realizátoři: workbooks out (collect), results back in (import).

``layout`` holds what both directions share (sheet names, columns, row keys, the identity sheet),
``collect`` computes and writes the workbooks, ``parse`` reads Czech input, ``results`` reads
returned workbooks and CSV files and merges them into the action plan. openpyxl is imported only
inside the functions that read or write XLSX, so no other command pays for it at start-up.
"""
