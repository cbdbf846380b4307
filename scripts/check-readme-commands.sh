#!/usr/bin/env bash
# Every command and every relative link of the documentation (README.md, CONTRIBUTING.md, docs/*.md)
# is exercised, so a newcomer never meets one that fails as written:
#
# Commands: each line of a ```bash block, and each inline code span that starts with npx, cdk, npm,
# mvn, node, sudo or a script path (after VAR=value assignments). A command this script has no rule
# for fails it, and so does a placeholder (`...`, `<stack>`): write a command that runs as written.
#   - cdk: the subcommand and every option are checked against the CDK CLI's own --help (cached per
#     CLI version); the app is synthesized once for each distinct set of -c context values, so every
#     `cdk synth` variant runs, and every stack a command names must exist in the assembly of its
#     context (the deploy commands need an AWS account, absent here: this is what can be checked).
#     Syntheses are cached under target/readme-commands/ until a source, pom, cdk.json or the lock
#     file changes; cdk.out is reused for the default context when it is fresh.
#   - npm: `npm ci` and `npm test` are run by .ci/run; `npm run X -- ARGS`: X is a package.json
#     script and each --option is one its script parses.
#   - mvn: -pl modules and -P profiles exist, -Dtest classes exist, -D properties are read by the
#     build, and every other word is a lifecycle phase or a plugin:goal.
#   - scripts (`scripts/...`, `*.sh`): the file exists and is executable; each --option is one it
#     parses; VAR=value prefixes name variables that a script or aws-cdk-lib reads.
# Links: every relative link target exists, and every #anchor (same page or another .md page) is a
# heading of that page, with GitHub's anchor rules.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
exec python3 - "$@" <<'PY'
import concurrent.futures
import fnmatch
import glob
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

DOCS = [p for p in ["README.md", "CONTRIBUTING.md"] if os.path.exists(p)] + sorted(glob.glob("docs/*.md"))
CACHE = "target/readme-commands"
failures = []
checked = {"commands": 0, "links": 0}


def fail(where, message):
    failures.append(f"{where}: {message}")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- extraction

FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
SHELL_LANGS = {"bash", "sh", "shell"}


def parse_page(path):
    """Returns (commands, prose): commands as (line, text, fenced); prose is the text outside fenced
    blocks, fenced lines blanked so that line numbers stay right."""
    commands, prose_lines = [], []
    fence = lang = None
    pending = None
    for number, line in enumerate(read(path).splitlines(), 1):
        match = FENCE.match(line)
        if fence is None and match:
            fence, lang = match.group(1), match.group(2).lower()
            prose_lines.append("")
            continue
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = lang = None
            elif lang in SHELL_LANGS:
                text = re.sub(r"(^|\s+)#.*$", "", line).strip()
                if pending:
                    text = pending[1] + " " + text
                    number = pending[0]
                    pending = None
                if text.endswith("\\"):
                    pending = (number, text[:-1].strip())
                elif text:
                    for part in text.split("&&"):
                        commands.append((number, part.strip(), True))
            prose_lines.append("")
            continue
        prose_lines.append(line)
    prose = "\n".join(prose_lines)
    for match in re.finditer(r"(?<!`)`([^`\n]+(?:\n[^`\n]+)*?)`(?!`)", prose):
        span = " ".join(match.group(1).split())
        if is_command(span):
            line = prose.count("\n", 0, match.start()) + 1
            for part in span.split("&&"):
                commands.append((line, part.strip(), False))
    return commands, prose


ENV = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")


def split_env(words):
    env = []
    while words and ENV.match(words[0]):
        env.append(words[0].split("=", 1)[0])
        words = words[1:]
    if words and words[0] == "sudo":
        words = words[1:]
    return env, words


def is_command(span):
    _, words = split_env(span.split())
    if not words:
        return False
    first = words[0]
    if first in ("npx", "cdk", "npm", "mvn", "node"):
        return len(words) > 1
    return "/" in first and (first.endswith(".sh") or first.startswith("scripts/"))


# ---------------------------------------------------------------- links


def slug(heading):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


_anchors = {}


def anchors(path):
    if path not in _anchors:
        found, seen, fence = set(), {}, None
        for line in read(path).splitlines():
            match = FENCE.match(line)
            if match and (fence is None or line.strip().startswith(fence)):
                fence = None if fence else match.group(1)
                continue
            if fence:
                continue
            heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if heading:
                base = slug(heading.group(1))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
            found.update(re.findall(r'<a\s+(?:id|name)="([^"]+)"', line))
        _anchors[path] = found
    return _anchors[path]


def check_links(path, prose):
    without_code = re.sub(r"(?<!`)`[^`\n]+(?:\n[^`\n]+)*?`(?!`)", "code", prose)
    for match in re.finditer(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", without_code):
        target = match.group(1)
        line = without_code.count("\n", 0, match.start()) + 1
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue
        checked["links"] += 1
        file_part, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(resolved):
            fail(f"{path}:{line}", f"link to {target}: {resolved} does not exist")
            continue
        if anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
            fail(f"{path}:{line}", f"link to {target}: {resolved} has no heading with the anchor #{anchor}")


# ---------------------------------------------------------------- the CDK CLI


def cdk_version():
    return json.load(open("node_modules/aws-cdk/package.json"))["version"]


def cdk_help(sub):
    """The CLI's help for a subcommand ('' for the top level), cached per CLI version."""
    cached = f"{CACHE}/cdk-{cdk_version()}-{sub or 'top'}.help"
    if os.path.exists(cached):
        return read(cached)
    out = subprocess.run(["npx", "cdk", *([sub] if sub else []), "--help"], capture_output=True, text=True)
    text = out.stdout + out.stderr
    if out.returncode != 0 or "Options:" not in text:
        raise RuntimeError(f"`npx cdk {sub} --help` failed: {text[-500:]}")
    os.makedirs(CACHE, exist_ok=True)
    with open(cached, "w") as f:
        f.write(text)
    return text


def cdk_subcommands():
    names = {}
    for match in re.finditer(r"^  cdk ([\w-]+)[^\n]*(?:\n {10,}[^\n]*)*", cdk_help(""), re.M):
        names[match.group(1)] = match.group(1)
        for alias in re.findall(r"\[aliases: ([^\]]+)\]", match.group(0)):
            for a in alias.split(","):
                names[a.strip()] = match.group(1)
    return names


def cdk_options(sub):
    """{option: takes a value} from the subcommand's --help."""
    options = {}
    text = cdk_help(sub).split("Options:", 1)[1]
    entries = re.split(r"\n(?=  -)", text)
    for entry in entries:
        head = re.match(r"\s*((?:-{1,2}[\w-]+)(?:,\s*-{1,2}[\w-]+)*)", entry)
        if not head:
            continue
        kinds = re.findall(r"\[(string|array|number|boolean|count)\]", entry)
        takes_value = bool(kinds) and kinds[0] in ("string", "array", "number")
        for name in re.split(r",\s*", head.group(1)):
            options[name] = takes_value
            if name.startswith("--") and not takes_value:
                options["--no-" + name[2:]] = False
    return options


def parse_cdk(where, words):
    """(subcommand, context dict, positionals) or None after reporting."""
    subs = cdk_subcommands()
    if not words or words[0] not in subs:
        fail(where, f"the CDK CLI has no command {words[0] if words else '(none)'}")
        return None
    sub = subs[words[0]]
    options = cdk_options(sub)
    context, positionals = {}, []
    i = 1
    while i < len(words):
        word = words[i]
        if word.startswith("-"):
            name, eq, value = word.partition("=")
            if name not in options:
                fail(where, f"`cdk {sub}` has no option {name} (npx cdk {sub} --help)")
                return None
            if options[name] and not eq:
                i += 1
                if i >= len(words):
                    fail(where, f"{name} needs a value")
                    return None
                value = words[i]
            if name in ("-c", "--context"):
                key, eq2, val = value.partition("=")
                if not eq2:
                    fail(where, f"context {value}: KEY=VALUE expected")
                    return None
                context[key] = val
        else:
            positionals.append(word)
        i += 1
    return sub, context, positionals


# ---------------------------------------------------------------- syntheses

SOURCES = ["pom.xml", "constructs-lib/pom.xml", "demo-app/pom.xml", "constructs-lib/src/main",
           "demo-app/src/main", "django-image", "cdk.json", "package-lock.json"]


def fresh(manifest):
    if not os.path.exists(manifest):
        return False
    newer = subprocess.run(["find", *SOURCES, "-newer", manifest, "-print", "-quit"],
                           capture_output=True, text=True).stdout.strip()
    return newer == ""


def stacks_of(outdir):
    artifacts = json.load(open(f"{outdir}/manifest.json"))["artifacts"]
    return {k for k, a in artifacts.items() if a["type"] == "aws:cloudformation:stack"}


def synthesize(context):
    """Synthesizes the demo with this context; returns (stacks, error)."""
    if not context:
        outdir = "cdk.out"
        if fresh(f"{outdir}/manifest.json"):
            stacks = stacks_of(outdir)
            if not any(s.endswith("-Express") for s in stacks):
                return stacks, None
        args = ["npx", "cdk", "synth", "-q"]
    else:
        key = json.dumps(context, sort_keys=True)
        outdir = f"{CACHE}/synth-{hashlib.sha1(key.encode()).hexdigest()[:12]}"
        if fresh(f"{outdir}/manifest.json") and os.path.exists(f"{outdir}/context.json") \
                and read(f"{outdir}/context.json") == key:
            return stacks_of(outdir), None
        args = ["npx", "cdk", "synth", "-q", "-o", outdir]
        for k, v in sorted(context.items()):
            args += ["-c", f"{k}={v}"]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        return None, (out.stderr + out.stdout).strip()[-1500:]
    if context:
        with open(f"{outdir}/context.json", "w") as f:
            f.write(key)
    return stacks_of(outdir), None


# ---------------------------------------------------------------- other commands

PHASES = {"clean", "validate", "compile", "test", "package", "verify", "install", "deploy", "site"}
MVN_FLAGS = {"-q", "-o", "-B", "-U", "-e", "-am", "-amd", "-ntp", "--also-make", "--batch-mode",
             "--offline", "--quiet", "--no-transfer-progress"}
# properties of Maven's plugins themselves (the rest must be read somewhere in the build)
MVN_PLUGIN_PROPERTIES = {"skipTests", "maven.test.skip", "gpg.skip", "maven.javadoc.skip",
                         "maven.source.skip", "surefire.failIfNoSpecifiedTests", "jacoco.skip"}
# variables read by aws-cdk-lib (core/lib/private/synthesis-validation.js: CDK_VALIDATION=false)
LIBRARY_VARIABLES = {"CDK_VALIDATION"}


def text_of(paths):
    return "\n".join(read(p) for p in paths if os.path.isfile(p))


def check_env(where, env):
    scripts = text_of(glob.glob("scripts/*.sh") + glob.glob("scripts/*/*") + [".ci/run"]
                      + glob.glob("*/tests/*.sh") + glob.glob("examples/*/*.sh"))
    for name in env:
        if name not in LIBRARY_VARIABLES and not re.search(r"\b" + name + r"\b", scripts):
            fail(where, f"{name}= is read by no script")


def check_script(where, words):
    path = words[0]
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        fail(where, f"{path} is not an executable file of the repository")
        return
    body = read(path)
    for word in words[1:]:
        for option in re.findall(r"--[\w-]+", word):
            if option not in body:
                fail(where, f"{path} does not take {option}")


def check_npm(where, words):
    scripts = json.load(open("package.json"))["scripts"]
    ci = read(".ci/run")
    if words[1] in ("ci", "test", "t") and len(words) == 2:
        if words[1] != "ci" and "test" not in scripts:
            fail(where, "package.json has no test script")
        if f"npm {words[1]}" not in ci:
            fail(where, f"`npm {words[1]}` is not run by .ci/run")
        return
    if words[1] == "run" and len(words) >= 3:
        name = words[2]
        if name not in scripts:
            fail(where, f"package.json has no script {name}")
            return
        rest = words[3:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        elif rest:
            fail(where, f"arguments of `npm run {name}` go after --")
            return
        check_script(where, [scripts[name].split()[0]] + rest)
        return
    fail(where, "no rule for this npm command")


def poms():
    return ["pom.xml"] + [f"{m}/pom.xml" for m in re.findall(r"<module>([^<]+)</module>", read("pom.xml"))]


def check_mvn(where, words):
    modules = re.findall(r"<module>([^<]+)</module>", read("pom.xml"))
    profiles = set(re.findall(r"<profile>\s*(?:<!--.*?-->\s*)?<id>([^<]+)</id>", text_of(poms()), re.S))
    build_text = None
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-pl", "--projects", "-P", "--activate-profiles"):
            i += 1
            values = words[i].split(",") if i < len(words) else []
            for value in values:
                value = value.lstrip("!:")
                if word in ("-pl", "--projects") and value not in modules:
                    fail(where, f"-pl {value}: not a module of pom.xml ({', '.join(modules)})")
                if word in ("-P", "--activate-profiles") and value not in profiles:
                    fail(where, f"-P {value}: no such profile")
        elif word.startswith("-D"):
            name, _, value = word[2:].partition("=")
            if name == "test":
                for cls in value.split(","):
                    cls = cls.split("#")[0]
                    if not glob.glob(f"*/src/test/java/**/{cls}.java", recursive=True):
                        fail(where, f"-Dtest={cls}: no such test class")
            elif name not in MVN_PLUGIN_PROPERTIES:
                if build_text is None:
                    build_text = text_of(poms() + glob.glob("*/src/test/java/**/*.java", recursive=True))
                if name not in build_text:
                    fail(where, f"-D{name}: read by no pom or test")
        elif word in MVN_FLAGS:
            pass
        elif word.startswith("-"):
            fail(where, f"no rule for the Maven option {word}")
        elif word not in PHASES and not re.match(r"^[\w.-]+(:[\w.-]+){1,3}$", word):
            fail(where, f"{word}: not a lifecycle phase nor a plugin:goal")
        i += 1


def check_node(where, words):
    if words[1:2] == ["--test"]:
        for pattern in words[2:]:
            if not glob.glob(pattern):
                fail(where, f"{pattern} matches no file")
        if " ".join(words) not in read("scripts/test.sh"):
            fail(where, "not run by scripts/test.sh")
    else:
        fail(where, "no rule for this node command")


# ---------------------------------------------------------------- main

def main():
    commands = []
    for path in DOCS:
        page_commands, prose = parse_page(path)
        check_links(path, prose)
        commands += [(f"{path}:{line}", text, fenced) for line, text, fenced in page_commands]

    cdk_commands = []  # (where, text, sub, context, positionals)
    for where, text, fenced in commands:
        checked["commands"] += 1
        if re.search(r"\.\.\.|<[\w -]+>", text):
            fail(where, f"`{text}`: a placeholder; write a command that runs as written")
            continue
        try:
            words = shlex.split(text)
        except ValueError as e:
            fail(where, f"`{text}`: {e}")
            continue
        env, words = split_env(words)
        check_env(where, env)
        # a redirection or pipe ends the command (`npx cdk synth STACK > template.yaml`)
        words = next((words[:i] for i, w in enumerate(words) if w[:1] in (">", "|")), words)
        if not words:
            fail(where, f"`{text}`: no command")
            continue
        first = words[0]
        if words in (["npx", "cdk"], ["cdk"], ["npm", "run"]):
            pass  # a tool named, not a command
        elif first == "npx" and words[1:2] == ["cdk"] or first == "cdk":
            parsed = parse_cdk(where, words[2:] if first == "npx" else words[1:])
            if parsed:
                cdk_commands.append((where, text) + parsed)
        elif first == "npx":
            binary = next((w for w in words[1:] if not w.startswith("-")), None)
            if not binary or not os.access(f"node_modules/.bin/{binary}", os.X_OK):
                fail(where, f"`{text}`: {binary} is not in node_modules/.bin")
        elif first == "npm":
            check_npm(where, words)
        elif first == "mvn":
            check_mvn(where, words)
        elif first == "node":
            check_node(where, words)
        elif "/" in first:
            check_script(where, words)
        else:
            fail(where, f"`{text}`: a command no check exercises (add a rule to scripts/check-readme-commands.sh)")

    contexts = {}
    for where, text, sub, context, positionals in cdk_commands:
        contexts.setdefault(json.dumps(context, sort_keys=True), []).append((where, text, sub, positionals))
    os.makedirs(CACHE, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(contexts, pool.map(lambda k: synthesize(json.loads(k)), contexts)))
    for key, uses in contexts.items():
        stacks, error = results[key]
        if error:
            for where, text, _, _ in uses:
                fail(where, f"`{text}`: the app does not synthesize with this context:\n{error}")
            continue
        for where, text, sub, positionals in uses:
            if sub in ("bootstrap", "gc"):
                continue
            for stack in positionals:
                if not any(fnmatch.fnmatchcase(s, stack) for s in stacks):
                    fail(where, f"`{text}`: no stack {stack} with this context ({', '.join(sorted(stacks))})")

    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"readme-commands: {len(DOCS)} pages, {checked['commands']} commands "
          f"({len(contexts)} contexts synthesized), {checked['links']} relative links")
    passed = max(0, checked["commands"] + checked["links"] - len(failures))
    print(f"readme-commands: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


main()
PY
