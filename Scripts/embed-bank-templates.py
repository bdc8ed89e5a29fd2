#!/usr/bin/env python3
# Regenerates Sources/RosterOutputs/Bank/BuiltInBankTemplates.swift from Schemas/bank-templates/*.json.
import os, sys
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
d = os.path.join(root, "Schemas/bank-templates")
names = sorted(f[:-5] for f in os.listdir(d) if f.endswith(".json"))
out = ["// Generated from Schemas/bank-templates/*.json by copying each file verbatim; a test checks",
       "// that these copies equal the files, byte for byte. Edit the JSON files, then copy them here.", "",
       "/// The built-in bank templates, embedded so that an installed binary needs no data files.",
       "enum BuiltInBankTemplates {",
       "    /// Each built-in template's name and its JSON text, exactly as in Schemas/bank-templates/.",
       "    static let files: [(name: String, json: String)] = ["]
for n in names:
    text = open(os.path.join(d, n + ".json"), encoding="utf-8").read()
    assert '"""#' not in text
    out.append('        (')
    out.append('            "%s",' % n)
    out.append('            #"""')
    out.append(text + '\n"""#')  # the literal drops the newline before its closing delimiter
    out.append('        ),')
out.append("    ]")
out.append("}")
open(os.path.join(root, "Sources/RosterOutputs/Bank/BuiltInBankTemplates.swift"), "w", encoding="utf-8").write("\n".join(out) + "\n")
