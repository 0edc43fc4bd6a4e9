"""Print the external Python dependencies declared by the manifests of the addons
found in the folders given as arguments, one requirement a line."""

import ast
import pathlib
import sys

requirements = set()
for folder in sys.argv[1:]:
    for manifest in sorted(pathlib.Path(folder).glob("*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text())
        requirements.update(data.get("external_dependencies", {}).get("python", []))
print("\n".join(sorted(requirements)))
