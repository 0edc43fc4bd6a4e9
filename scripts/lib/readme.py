"""Write each addon's README.rst from its readme/ fragments (OCA layout), or with
--check, list the README.rst files that are not up to date and exit 1."""

import ast
import pathlib
import re
import sys

SECTIONS = [
    ("DESCRIPTION", None),
    ("CONTEXT", "Context"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues"),
]


def to_rst(markdown):
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", markdown)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`_", text)


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [f"{'=' * len(title)}\n{title}\n{'=' * len(title)}\n", f"{manifest['summary']}\n"]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / f"{fragment}.md"
        if path.exists():
            if heading:
                parts.append(f"{heading}\n{'=' * len(heading)}\n")
            parts.append(to_rst(path.read_text().strip()) + "\n")
    parts.append(f"License: {manifest['license']}. Authors: {manifest['author']}.\n")
    return "\n".join(parts)


def main():
    check = "--check" in sys.argv
    stale = []
    for folder in [a for a in sys.argv[1:] if a != "--check"]:
        for addon in sorted(p.parent for p in pathlib.Path(folder).glob("*/__manifest__.py")):
            readme = addon / "README.rst"
            content = render(addon)
            if readme.exists() and readme.read_text() == content:
                continue
            if check:
                stale.append(str(readme))
            else:
                readme.write_text(content)
    for path in stale:
        print(f"{path}: out of date with readme/ (scripts/suite lint --fix)")
    sys.exit(1 if stale else 0)


if __name__ == "__main__":
    main()
