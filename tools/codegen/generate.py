#!/usr/bin/env python3
"""Generates the C# wire shapes of LineageEmulator from botocore's official service models.

Only facts are taken from the models: shape and member names, types, required members, enums,
lengths, patterns, ranges, HTTP routes, member locations and error codes. Documentation prose is
dropped. Output goes to emulator/Generated/*.g.cs, and the tests' typed clients (one method per operation
over those shapes) to tests/Infrastructure/Generated/*Client.g.cs; both are committed, so a build needs no
Python; tests/CodegenDriftTests.cs runs this script with --check and fails when the committed files drift.

Usage: generate.py [--check] [--models DIR]
"""
import gzip
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "emulator", "Generated")
CLIENT_DIR = os.path.join(ROOT, "tests", "Infrastructure", "Generated")

SAGEMAKER_OPERATIONS = [
    "CreateArtifact", "DescribeArtifact", "UpdateArtifact", "DeleteArtifact", "ListArtifacts",
    "CreateAction", "DescribeAction", "UpdateAction", "DeleteAction", "ListActions",
    "CreateContext", "DescribeContext", "UpdateContext", "DeleteContext", "ListContexts",
    "CreateTrialComponent", "DescribeTrialComponent", "UpdateTrialComponent", "DeleteTrialComponent",
    "ListTrialComponents",
    "AddAssociation", "DeleteAssociation", "ListAssociations", "QueryLineage",
    "ListLineageGroups", "DescribeLineageGroup", "GetLineageGroupPolicy",
    "AddTags", "ListTags", "DeleteTags",
    "CreateTrainingJob", "DescribeTrainingJob", "ListTrainingJobs", "StopTrainingJob",
    "CreateProcessingJob", "DescribeProcessingJob", "ListProcessingJobs", "StopProcessingJob",
    "CreateTransformJob", "DescribeTransformJob", "ListTransformJobs", "StopTransformJob",
    "CreateModel", "DescribeModel", "ListModels", "DeleteModel",
    "CreateEndpointConfig", "DescribeEndpointConfig", "ListEndpointConfigs", "DeleteEndpointConfig",
    "CreateEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint", "DeleteEndpoint",
    "CreateModelPackageGroup", "DescribeModelPackageGroup", "ListModelPackageGroups", "DeleteModelPackageGroup",
    "CreateModelPackage", "DescribeModelPackage", "ListModelPackages", "UpdateModelPackage", "DeleteModelPackage",
    "CreateExperiment", "DescribeExperiment", "UpdateExperiment", "DeleteExperiment", "ListExperiments",
    "CreateTrial", "DescribeTrial", "UpdateTrial", "DeleteTrial", "ListTrials",
    "AssociateTrialComponent", "DisassociateTrialComponent",
    "Search",
]

# Output-only structures whose other members name resources the emulator never holds (training jobs,
# endpoints, pipelines, feature groups, ...). Following them would pull some 550 unused shapes into the
# build; the members kept are the ones the emulator fills. A later kind widens its entry here.
SERVED_OUTPUT_MEMBERS = {
    "sagemaker": {
        "SearchRecord": ["Experiment", "Trial", "TrialComponent"],
        "TrialComponentSourceDetail": ["SourceArn"],
    },
}

RAM_OPERATIONS = [
    "CreateResourceShare", "GetResourceShares", "UpdateResourceShare", "DeleteResourceShare",
    "AssociateResourceShare", "DisassociateResourceShare", "GetResourceShareAssociations",
    "GetResourceShareInvitations", "AcceptResourceShareInvitation", "RejectResourceShareInvitation",
    "ListPendingInvitationResources", "ListResources", "ListPrincipals", "ListResourceTypes",
    "ListPermissions", "GetPermission", "ListResourceSharePermissions",
    "AssociateResourceSharePermission", "GetResourcePolicies", "TagResource", "UntagResource",
    "CreatePermission", "CreatePermissionVersion", "DeletePermission", "DeletePermissionVersion",
    "DisassociateResourceSharePermission", "EnableSharingWithAwsOrganization",
    "ListPermissionAssociations", "ListPermissionVersions", "ListReplacePermissionAssociationsWork",
    "ListSourceAssociations", "PromotePermissionCreatedFromPolicy", "PromoteResourceShareCreatedFromPolicy",
    "ReplacePermissionAssociations", "SetDefaultPermissionVersion",
]

SERVICES = [
    # (model folder, version, C# service name, namespace, ops, lower-camel validation paths)
    ("sagemaker", "2017-07-24", "SageMaker", "LineageEmulator.Model.SageMaker", SAGEMAKER_OPERATIONS),
    ("ram", "2018-01-04", "Ram", "LineageEmulator.Model.Ram", RAM_OPERATIONS),
]

# The C# type of an operation the model gives no output shape; no model shape has this name.
NO_OUTPUT = "NoOutput"

CS_KEYWORDS = {
    "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
    "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
    "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
    "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
    "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
    "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
    "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
}


def models_dir():
    import botocore  # only the generator needs botocore, never the build
    return os.path.join(os.path.dirname(botocore.__file__), "data")


def load_model(base, folder, version):
    with gzip.open(os.path.join(base, folder, version, "service-2.json.gz"), "rt", encoding="utf-8") as f:
        model = json.load(f)
    for shape, kept in SERVED_OUTPUT_MEMBERS.get(folder, {}).items():
        members = model["shapes"][shape]["members"]
        missing = [m for m in kept if m not in members]
        if missing:
            raise ValueError("%s has no members %s" % (shape, missing))
        model["shapes"][shape]["members"] = {m: spec for m, spec in members.items() if m in kept}
    return model


def closure(model, ops):
    shapes = model["shapes"]
    seen, stack = set(), []
    for name in ops:
        op = model["operations"][name]
        for key in ("input", "output"):
            if key in op:
                stack.append(op[key]["shape"])
        stack.extend(e["shape"] for e in op.get("errors", []))
    while stack:
        s = stack.pop()
        if s in seen:
            continue
        seen.add(s)
        sh = shapes[s]
        if sh["type"] == "structure":
            stack.extend(m["shape"] for m in sh["members"].values())
        elif sh["type"] == "list":
            stack.append(sh["member"]["shape"])
        elif sh["type"] == "map":
            stack.extend([sh["key"]["shape"], sh["value"]["shape"]])
    return seen


def dotnet_regex(p):
    """The models' patterns are Java regexes; .NET spells two of their constructs differently."""
    # Java's POSIX class, used inside brackets ([\p{Alnum}\-]); .NET has no \p{Alnum}.
    p = p.replace("\\p{Alnum}", "a-zA-Z0-9")
    # Java ranges over code points; .NET over UTF-16 units, where U+10000-U+10FFFF is any surrogate pair.
    p = p.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\uD800-\\uDFFF")
    return p


def banner(folder, version):
    return ["// <auto-generated>",
            "// Generated by tools/codegen/generate.py from botocore's %s %s service model. Do not edit." % (folder, version),
            "// </auto-generated>"]


def pascal(name):
    return name[0].upper() + name[1:]


def lower_camel(name):
    return name[0].lower() + name[1:]


def cs_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Members every C# class inherits from object; an enum value of that name gets a trailing underscore.
OBJECT_MEMBERS = {"Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone"}


def ident(value):
    out = re.sub(r"[^A-Za-z0-9_]", "_", value)
    if not out or out[0].isdigit():
        out = "_" + out
    if out in OBJECT_MEMBERS:
        out += "_"
    return "@" + out if out in CS_KEYWORDS else out


class Emitter:
    def __init__(self, model, ops, svc, ns):
        self.model = model
        self.shapes = model["shapes"]
        self.ops = ops
        self.svc = svc
        self.ns = ns
        self.names = closure(model, ops)
        self.patterns = []  # ordered unique patterns

    def has_no_output(self):
        return any("output" not in self.model["operations"][op] for op in self.ops)

    def io_shapes(self, op):
        """The C# input and output types of an operation."""
        spec = self.model["operations"][op]
        return spec["input"]["shape"], spec.get("output", {}).get("shape", NO_OUTPUT)

    def is_error(self, name):
        return self.shapes[name].get("exception", False)

    def cs_type(self, name):
        sh = self.shapes[name]
        t = sh["type"]
        if t == "string":
            return "string"
        if t == "integer":
            return "int?"
        if t == "long":
            return "long?"
        if t in ("double", "float"):
            return "double?"
        if t == "boolean":
            return "bool?"
        if t == "timestamp":
            return "DateTimeOffset?"
        if t == "structure":
            return name
        if t == "list":
            return "IReadOnlyList<%s>" % self.elem_type(sh["member"]["shape"])
        if t == "map":
            return "IReadOnlyDictionary<string, %s>" % self.elem_type(sh["value"]["shape"])
        raise ValueError("unsupported shape type %s for %s" % (t, name))

    def elem_type(self, name):
        t = self.cs_type(name)
        return t[:-1] if t.endswith("?") else t

    def pattern_index(self, p):
        if p not in self.patterns:
            self.patterns.append(p)
        return self.patterns.index(p)

    def path_name(self, member):
        return lower_camel(member) if self.svc == "SageMaker" else member

    # Validation of one value of shape `name`, held in C# expression `expr`, at path expression `path`.
    def checks(self, name, expr, path, depth):
        sh = self.shapes[name]
        t = sh["type"]
        out = []
        if t == "string":
            if sh.get("min", 0) > 0:
                out.append("v.MinLength(%s, %s, %d);" % (path, expr, sh["min"]))
            if "max" in sh:
                out.append("v.MaxLength(%s, %s, %d);" % (path, expr, sh["max"]))
            if "enum" in sh:
                out.append("v.Enum(%s, %s, %sValues.All);" % (path, expr, name))
            if "pattern" in sh:
                out.append("v.Pattern(%s, %s, Patterns.P%d, %s);" % (
                    path, expr, self.pattern_index(sh["pattern"]), cs_string(self.shown_pattern(sh["pattern"]))))
        elif t in ("integer", "long", "double", "float"):
            if "min" in sh:
                out.append("v.Min(%s, %s, %s);" % (path, expr, sh["min"]))
            if "max" in sh:
                out.append("v.Max(%s, %s, %s);" % (path, expr, sh["max"]))
        elif t == "structure":
            out.append("%s.Validate(v, %s);" % (expr, path))
        elif t == "list":
            if sh.get("min", 0) > 0:
                out.append("v.MinCount(%s, %s, %d);" % (path, expr, sh["min"]))
            if "max" in sh:
                out.append("v.MaxCount(%s, %s, %d);" % (path, expr, sh["max"]))
            if self.is_scalar(sh["member"]["shape"]):
                # Coral reports element constraints of a scalar list on the list itself, listing them all.
                out.extend(self.wrapped(sh["member"]["shape"], expr, path, "%s.Any(e => e is null || !(%s))", "Member must satisfy constraint"))
                return out
            inner = self.checks(sh["member"]["shape"], "e%d" % depth, "v.ListItem(%s, i%d)" % (path, depth), depth + 1)
            if inner:
                out.append("for (var i%d = 0; i%d < %s.Count; i%d++)" % (depth, depth, expr, depth))
                out.append("{")
                out.append("    var e%d = %s[i%d];" % (depth, expr, depth))
                out.extend("    " + line for line in self.null_guarded(sh["member"]["shape"], "e%d" % depth, inner))
                out.append("}")
        elif t == "map":
            if sh.get("min", 0) > 0:
                out.append("v.MinCount(%s, %s, %d);" % (path, expr, sh["min"]))
            if "max" in sh:
                out.append("v.MaxCount(%s, %s, %d);" % (path, expr, sh["max"]))
            # Coral reports map key and scalar value constraints on the map itself, listing them all.
            out.extend(self.wrapped(sh["key"]["shape"], expr, path, "%s.Keys.Any(e => !(%s))", "Map keys must satisfy constraint"))
            if self.is_scalar(sh["value"]["shape"]):
                out.extend(self.wrapped(sh["value"]["shape"], expr, path, "%s.Values.Any(e => e is null || !(%s))", "Map value must satisfy constraint"))
                return out
            vin = self.checks(sh["value"]["shape"], "kv%d.Value" % depth, "v.MapValue(%s, kv%d.Key)" % (path, depth), depth + 1)
            if vin:
                out.append("foreach (var kv%d in %s)" % (depth, expr))
                out.append("{")
                out.extend("    " + line for line in self.null_guarded(sh["value"]["shape"], "kv%d.Value" % depth, vin))
                out.append("}")
        return out

    def is_scalar(self, name):
        return self.shapes[name]["type"] in ("string", "integer", "long", "double", "float", "boolean")

    def shown_pattern(self, p):
        # SageMaker's server-side model anchors its patterns and prints them that way; botocore strips the '^'.
        return p if self.svc != "SageMaker" or p.startswith("^") else "^" + p

    def wrapped(self, name, expr, path, any_template, head):
        """One check over all elements of a collection of scalars, reported the way Coral does."""
        sh = self.shapes[name]
        conds, texts = [], []
        if sh["type"] == "string":
            if "max" in sh:
                conds.append("e.Length <= %d" % sh["max"])
                texts.append("Member must have length less than or equal to %d" % sh["max"])
            if "min" in sh:
                if sh["min"] > 0:
                    conds.append("e.Length >= %d" % sh["min"])
                texts.append("Member must have length greater than or equal to %d" % sh["min"])
            if "pattern" in sh:
                conds.append("Patterns.P%d.IsMatch(e)" % self.pattern_index(sh["pattern"]))
                texts.append("Member must satisfy regular expression pattern: " + self.shown_pattern(sh["pattern"]))
            if "enum" in sh:
                conds.append("%sValues.All.Contains(e)" % name)
                texts.append("Member must satisfy enum value set: [%s]" % ", ".join(sh["enum"]))
        else:
            if "max" in sh:
                conds.append("e <= %s" % sh["max"])
                texts.append("Member must have value less than or equal to %s" % sh["max"])
            if "min" in sh:
                conds.append("e >= %s" % sh["min"])
                texts.append("Member must have value greater than or equal to %s" % sh["min"])
        if not conds:
            return []
        texts.append("Member must not be null")
        cond = any_template % (expr, " && ".join(conds))
        return ["if (%s) v.Fail(%s, Validator.Render(%s), %s);" % (cond, path, expr, cs_string("%s: [%s]" % (head, ", ".join(texts))))]

    def null_guarded(self, name, expr, lines):
        if not lines:
            return []
        if self.shapes[name]["type"] in ("string", "structure", "list", "map"):
            return ["if (%s is not null)" % expr, "{"] + ["    " + l for l in lines] + ["}"]
        return lines

    def emit_structure(self, name, w):
        sh = self.shapes[name]
        required = set(sh.get("required", []))
        locs = [(m, s) for m, s in sh["members"].items() if s.get("location") in ("querystring", "uri")]
        w.append("public sealed partial class %s : IShape%s" % (name, ", IQueryBound" if locs else ""))
        w.append("{")
        for member, spec in sh["members"].items():
            target = spec["shape"]
            attrs = []
            loc = spec.get("location")
            if loc:
                attrs.append("[JsonIgnore]")
            else:
                attrs.append("[JsonPropertyName(%s)]" % cs_string(member))
            if self.shapes[target]["type"] == "timestamp":
                attrs.append("[JsonConverter(typeof(EpochSecondsConverter))]")
            typ = self.cs_type(target)
            nullable = typ if typ.endswith("?") else typ + "?"
            # Init-only, so a shape that becomes stored state cannot change in place; members bound from the
            # query string are set after deserialization and keep a setter (they are never stored).
            w.append("    %s public %s %s { get; %s; }" % (" ".join(attrs), nullable, pascal(member), "set" if loc else "init"))
        w.append("")
        w.append("    public void Validate(Validator v, string? prefix)")
        w.append("    {")
        for member, spec in sh["members"].items():
            target = spec["shape"]
            prop = pascal(member)
            path = "v.Member(prefix, %s)" % cs_string(self.path_name(member))
            t = self.shapes[target]["type"]
            scalar = t in ("integer", "long", "double", "float", "boolean", "timestamp")
            local = lower_camel(prop) + "Value"
            body = self.checks(target, local if scalar else prop, path, 0)
            if member in required:
                w.append("        if (%s is null) v.Null(%s);" % (prop, path))
            if not body:
                continue
            prefix = "else " if member in required else ""
            w.append("        %sif (%s)" % (prefix, ("%s is { } %s" % (prop, local)) if scalar else ("%s is not null" % prop)))
            w.append("        {")
            for line in body:
                w.append("            " + line)
            w.append("        }")
        w.append("    }")
        if locs:
            w.append("")
            w.append("    public void BindQuery(Func<string, string?> query)")
            w.append("    {")
            for member, spec in locs:
                t = self.shapes[spec["shape"]]["type"]
                q = cs_string(spec.get("locationName", member))
                if t == "string":
                    w.append("        %s = query(%s);" % (pascal(member), q))
                elif t == "integer":
                    w.append("        %s = QueryValues.Int(query(%s), %s);" % (pascal(member), q, q))
                elif t == "boolean":
                    w.append("        %s = QueryValues.Bool(query(%s), %s);" % (pascal(member), q, q))
                else:
                    raise ValueError("unsupported query member type " + t)
            w.append("    }")
        w.append("}")
        w.append("")

    def emit_error(self, name, w):
        sh = self.shapes[name]
        err = sh.get("error", {})
        code = err.get("code", name)
        status = err.get("httpStatusCode", 400)
        w.append("public sealed class %s(string message) : AwsServiceException(%s, %d, message);" % (
            name, cs_string(code), status))
        w.append("")

    def emit(self, folder, version):
        struct_names = sorted(n for n in self.names if self.shapes[n]["type"] == "structure" and not self.is_error(n))
        error_names = sorted(n for n in self.names if self.is_error(n))
        enum_names = sorted(n for n in self.names if self.shapes[n]["type"] == "string" and "enum" in self.shapes[n])
        body = []
        for n in struct_names:
            self.emit_structure(n, body)
        w = banner(folder, version)
        w.append("#nullable enable")
        w.append("using System.Collections.Frozen;")
        w.append("using System.Text.Json.Serialization;")
        w.append("using System.Text.RegularExpressions;")
        w.append("using LineageEmulator.Wire;")
        w.append("")
        w.append("namespace %s;" % self.ns)
        w.append("")
        for n in enum_names:
            vals = self.shapes[n]["enum"]
            w.append("public static class %sValues" % n)
            w.append("{")
            for v in vals:
                # A value named "All" (SkipModelValidation) would clash with the set of all values below.
                name = ident(v)
                w.append("    public const string %s = %s;" % (name + "_" if name == "All" else name, cs_string(v)))
            w.append("    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, %s);" % ", ".join(cs_string(v) for v in vals))
            w.append("}")
            w.append("")
        w.extend(body)
        if self.has_no_output():
            # Operations without an output shape (DeleteModel, DeleteEndpoint, ...) answer an empty JSON object.
            w.append("public sealed class %s;" % NO_OUTPUT)
            w.append("")
        for n in error_names:
            self.emit_error(n, w)
        w.append("internal static class Patterns")
        w.append("{")
        for i, p in enumerate(self.patterns):
            # AWS matches the whole value (Java's String.matches), hence the \A...\z wrapper.
            w.append("    internal static readonly Regex P%d = new(%s, RegexOptions.CultureInvariant);" % (
                i, cs_string("\\A(?:" + dotnet_regex(p) + ")\\z")))
        w.append("}")
        w.append("")
        w.append("public static class %sOperations" % self.svc)
        w.append("{")
        for op in self.ops:
            spec = self.model["operations"][op]
            inp, outp = self.io_shapes(op)
            w.append("    public static readonly OperationModel<%s, %s> %s = new(%s, %s, %s, static () => %sJsonContext.Default.%s, static () => %sJsonContext.Default.%s);" % (
                inp, outp, op, cs_string(op), cs_string(spec["http"]["method"]), cs_string(spec["http"]["requestUri"]),
                self.svc, inp, self.svc, outp))
        w.append("")
        w.append("    public static readonly IReadOnlyList<IOperationModel> All = [%s];" % ", ".join(self.ops))
        w.append("")
        # Every operation the model defines, bound or not: the declaration meta-test compares against it.
        w.append("    public static readonly IReadOnlyList<string> InModel = [%s];" % ", ".join(
            cs_string(o) for o in sorted(self.model["operations"])))
        w.append("}")
        w.append("")
        w.append("[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]")
        for n in struct_names + ([NO_OUTPUT] if self.has_no_output() else []):
            w.append("[JsonSerializable(typeof(%s))]" % n)
        w.append("public sealed partial class %sJsonContext : JsonSerializerContext;" % self.svc)
        return "\n".join(w) + "\n"


    def emit_client(self, folder, version):
        """The test client's typed method per operation; the hand-written half (tests/Infrastructure/AwsClients.cs)
        sends the request the way the protocol puts it on the wire."""
        w = banner(folder, version)
        w.append("#nullable enable")
        w.append("using %s;" % self.ns)
        w.append("")
        w.append("namespace LineageEmulator.Tests.Infrastructure;")
        w.append("")
        w.append("public sealed partial class %sClient" % self.svc)
        w.append("{")
        for op in self.ops:
            inp, outp = self.io_shapes(op)
            members = self.shapes[inp]["members"]
            # Members the model puts in the query string travel there; the rest is the JSON body.
            query = ["(%s, Query(request.%s))" % (cs_string(m.get("locationName", name)), pascal(name))
                     for name, m in members.items() if m.get("location") == "querystring"]
            if any(m.get("location") not in (None, "querystring") for m in members.values()):
                raise ValueError("%s: only query string members are supported by the test client" % op)
            w.append("    public Task<%s> %sAsync(%s request) => Call(%sOperations.%s, request%s);" % (
                outp, op, inp, self.svc, op, (", [%s]" % ", ".join(query)) if query else ""))
        w.append("}")
        return "\n".join(w) + "\n"


def generate(base):
    files = {}
    for folder, version, svc, ns, ops in SERVICES:
        model = load_model(base, folder, version)
        emitter = Emitter(model, ops, svc, ns)
        files[os.path.join(OUT_DIR, svc + ".g.cs")] = emitter.emit(folder, version)
        files[os.path.join(CLIENT_DIR, svc + "Client.g.cs")] = emitter.emit_client(folder, version)
    return files


def main(argv):
    check = "--check" in argv
    base = argv[argv.index("--models") + 1] if "--models" in argv else models_dir()
    drift = []
    for path, text in generate(base).items():
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if check:
            drift.append(os.path.relpath(path, ROOT))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print("wrote " + os.path.relpath(path, ROOT))
    if drift:
        print("generated code drifted from the models: " + ", ".join(drift) +
              "; run python3 tools/codegen/generate.py and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
