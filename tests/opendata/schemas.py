"""Validates every JSON data file of a built site against the JSON Schema it names.

    python3 schemas.py <built site dir> <site-url>

Each file's `$schema` is an address on the site; it is read from the built output,
so the schema checked is the one published. Prints `validated N files`; exits 1 on
the first file that does not validate, with jsonschema's message.
"""
import json
import pathlib
import sys

import jsonschema

out, site_url = pathlib.Path(sys.argv[1]), sys.argv[2]
count = 0
for path in sorted((out / "data").rglob("*.json")):
    if "schema" in path.relative_to(out / "data").parts:
        continue
    doc = json.loads(path.read_text(encoding="utf-8"))
    url = doc["$schema"]
    assert url.startswith(site_url), f"{path}: $schema {url} is not on the site"
    schema = json.loads((out / url[len(site_url):]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    try:
        jsonschema.Draft202012Validator(schema).validate(doc)
    except jsonschema.ValidationError as e:
        print(f"{path.relative_to(out)} does not validate against {url}: {e.message} at {list(e.absolute_path)}")
        sys.exit(1)
    count += 1
print(f"validated {count} files")
