#!/usr/bin/env python3
"""Moves a hand-written connector descriptor's texts into the code, once per connector.

For each connectors/<id>.json whose connector class has no @ConnectorInfo yet: the name, description and errors go
into @ConnectorInfo on the class, each input's and output's description (and a type the Java type does not imply,
such as "text") into @Doc on its record component. Afterwards the descriptor is generated from the code
(ConnectorDescriptorsTest, see docs/adr/0012-test-lanes-and-generated-descriptors.md).

Usage, from the project root:  python3 src/build/descriptions_to_annotations.py [connector-id ...]
"""
import glob
import json
import os
import re
import sys

SRC = "src/main/java"


def java_files():
    return glob.glob(SRC + "/**/*.java", recursive=True)


def find_connector(cid):
    for path in java_files():
        text = open(path).read()
        if re.search(r'return\s+"%s"\s*;' % re.escape(cid), text) or re.search(r'super\(\s*"%s"' % re.escape(cid), text):
            return path
    return None


def record_types(path):
    """(input, output) type names as written in implements Connector<I, O> (or the superclass's)."""
    text = open(path).read()
    m = re.search(r"implements\s+Connector<\s*([\w.]+)\s*,\s*([\w.]+)\s*>", text)
    if m:
        return m.group(1), m.group(2), path
    m = re.search(r"extends\s+(\w+)", text)
    if m:
        parent = os.path.join(os.path.dirname(path), m.group(1) + ".java")
        if os.path.exists(parent):
            i, o, _ = record_types(parent)
            return i, o, parent
    raise SystemExit("cannot find Connector<I, O> for " + path)


def record_file(type_name, connector_path):
    """The file declaring the record and its simple name."""
    if "." in type_name:
        outer, simple = type_name.rsplit(".", 1)
        path = os.path.join(os.path.dirname(connector_path), outer.split(".")[-1] + ".java")
        return path, simple
    path = os.path.join(os.path.dirname(connector_path), type_name + ".java")
    if os.path.exists(path):
        return path, type_name
    return connector_path, type_name


def java_string(text, indent):
    """A Java string literal, cut into concatenated pieces of about 80 characters at spaces."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    pieces, line = [], ""
    for word in re.split(r"(?<= )", escaped):
        if len(line) + len(word) > 80 and line:
            pieces.append(line)
            line = ""
        line += word
    pieces.append(line)
    return ("\n" + " " * (indent + 8) + "+ ").join('"%s"' % p for p in pieces)


def split_components(body):
    parts, depth, current, in_string, i = [], 0, "", False, 0
    while i < len(body):
        c = body[i]
        if in_string:
            current += c
            if c == "\\":
                current += body[i + 1]
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            current += c
        elif c in "(<":
            depth += 1
            current += c
        elif c in ")>":
            depth -= 1
            current += c
        elif c == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
        i += 1
    if current.strip():
        parts.append(current)
    return parts


def implied_type(java_type):
    t = java_type.split("<")[0].split(".")[-1]
    if t in ("String", "CharSequence"):
        return "string"
    if t in ("boolean", "Boolean"):
        return "boolean"
    if t in ("int", "long", "double", "float", "short", "Integer", "Long", "Double", "Float", "Short", "BigDecimal",
             "BigInteger", "Number"):
        return "number"
    return "json"


def annotate_record(path, simple, fields, notes):
    text = open(path).read()
    m = re.search(r"record\s+%s\s*\(" % re.escape(simple), text)
    if not m:
        raise SystemExit("no record %s in %s" % (simple, path))
    start = m.end()
    depth, i, in_string = 1, start, False
    while depth:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    body = text[start:i - 1]
    if "@Doc(" in body or not body.strip():
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    indent = len(text[line_start:m.start()]) - len(text[line_start:m.start()].lstrip())
    inner = indent + 8
    out = []
    for part in split_components(body):
        component = " ".join(part.split())
        name = re.findall(r"(\w+)\s*$", component)[0]
        java_type = re.findall(r"([\w.<>\[\], ?]+?)\s+\w+\s*$", re.sub(r"@\w+(\.\w+)*(\([^)]*\))?\s*", "", component))
        java_type = java_type[0].strip() if java_type else ""
        field = fields.get(name)
        if field is None:
            notes.append("%s.%s: no description in the descriptor" % (simple, name))
            out.append(" " * inner + component)
            continue
        args = java_string(field["description"], inner)
        extra = []
        if field["type"] != implied_type(java_type):
            extra.append("type = Doc.Type." + field["type"].upper())
        if field.get("secret"):
            extra.append("secret = true")
        doc = "@Doc(" + (("value = " + args + ", " + ", ".join(extra)) if extra else args) + ")"
        out.append(" " * inner + doc + "\n" + " " * inner + component)
    new_body = "\n" + ",\n".join(out)
    text = text[:start] + new_body + text[i - 1:]
    open(path, "w").write(text)
    return True


def add_import(path, name):
    text = open(path).read()
    package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    if package == "org.fediflow.connector" or ("import org.fediflow.connector.%s;" % name) in text:
        return
    lines = text.split("\n")
    org = [n for n, l in enumerate(lines) if l.startswith("import org.") or l.startswith("import com.")]
    new = "import org.fediflow.connector.%s;" % name
    if org:
        block = sorted(set([lines[n] for n in org] + [new]))
        lines = lines[:org[0]] + block + lines[org[-1] + 1:]
    else:
        # A new group after java.* and jakarta.*, before tools.* (the house order).
        others = [n for n, l in enumerate(lines) if l.startswith("import java") or l.startswith("import jakarta")]
        p = others[-1] if others else next(n for n, l in enumerate(lines) if l.startswith("package"))
        lines = lines[:p + 1] + ["", new] + lines[p + 1:]
    open(path, "w").write("\n".join(lines))


def annotate_class(path, descriptor):
    text = open(path).read()
    if "@ConnectorInfo(" in text:
        return
    m = re.search(r"^([ \t]*)@Component\b", text, re.M) or re.search(r"^([ \t]*)(public\s+)?(final\s+)?class\s", text, re.M)
    indent = len(m.group(1).strip("\n"))
    args = ["name = " + java_string(descriptor["name"], indent),
            "description = " + java_string(descriptor["description"], indent)]
    if descriptor.get("errors"):
        errors = ",\n".join(" " * (indent + 16) + "@ConnectorInfo.ErrorCode(code = \"%s\",\n%sdescription = %s)"
                            % (e["code"], " " * (indent + 24), java_string(e["description"], indent + 24))
                            for e in descriptor["errors"])
        args.append("errors = {\n" + errors + "}")
    annotation = " " * indent + "@ConnectorInfo(" + (",\n" + " " * (indent + 8)).join(args) + ")\n"
    pos = m.start() if text[m.start()] != "\n" else m.start() + 1
    text = text[:pos] + annotation + text[pos:]
    open(path, "w").write(text)


def main(ids):
    notes = []
    for file in sorted(glob.glob("connectors/*.json")):
        descriptor = json.load(open(file))
        cid = descriptor["id"]
        if ids and cid not in ids:
            continue
        path = find_connector(cid)
        if path is None:
            notes.append(cid + ": no connector class")
            continue
        annotate_class(path, descriptor)
        add_import(path, "ConnectorInfo")
        input_type, output_type, declaring = record_types(path)
        for type_name, fields in ((input_type, descriptor["inputs"]), (output_type, descriptor["outputs"])):
            record_path, simple = record_file(type_name, declaring)
            if annotate_record(record_path, simple, {f["name"]: f for f in fields}, notes):
                add_import(record_path, "Doc")
    print("\n".join(notes))


if __name__ == "__main__":
    main(sys.argv[1:])
