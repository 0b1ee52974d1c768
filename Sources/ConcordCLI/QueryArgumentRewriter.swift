/// Moves query words that look like options (`-visit`, `+term`, `-`) behind `--` for `concord search`,
/// leaving the command's real options where they are. A word starting with `--` stays an option even
/// when unknown, so a misspelled option is a usage error rather than part of the query.
enum QueryArgumentRewriter {
    static let optionsWithValue: Set<String> = ["--index", "--corpus", "--limit", "--page", "--format", "--sort", "--facet", "--from", "--to"]
    static let flags: Set<String> = ["--batch", "--explain", "--help", "-h", "--timing", "--no-snippets", "--no-suggestions"]

    /// Options of any command that take a value.
    static let anyOptionWithValue: Set<String> = optionsWithValue.union(["--ram-budget", "--language"])

    static func rewrite(_ arguments: [String]) -> [String] {
        let arguments = joiningDashValues(arguments)
        guard arguments.first == "search", !arguments.contains("--") else { return arguments }
        var options: [String] = []
        var positionals: [String] = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if optionsWithValue.contains(name) {
                options.append(argument)
                if !argument.contains("="), i + 1 < arguments.count {
                    options.append(arguments[i + 1])
                    i += 1
                }
            } else if flags.contains(argument) || (argument.hasPrefix("--") && argument.count > 2) {
                options.append(argument)
            } else {
                positionals.append(argument)
            }
            i += 1
        }
        return ["search"] + options + (positionals.isEmpty ? [] : ["--"] + positionals)
    }

    /// `--page -1` becomes `--page=-1`: ArgumentParser takes a value that starts with `-` for an option
    /// and reports "Missing value", where the command's own check says what is wrong (`--page must be at
    /// least 1`). Stops at `--`.
    static func joiningDashValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { return out + arguments[i...] }
            if anyOptionWithValue.contains(argument), i + 1 < arguments.count, arguments[i + 1].hasPrefix("-"),
               arguments[i + 1] != "--" {
                out.append(argument + "=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(argument)
            i += 1
        }
        return out
    }
}
