/// Recognises a first argument that is not one of `concord`'s commands (`concord serach`), so the user
/// is told so plainly, with the closest command when one is near, instead of a generic usage error.
enum UnknownCommand {
    /// The names `concord` accepts as its first word (ArgumentParser adds `help`).
    static var commandNames: [String] {
        ConcordCommand.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The message for `arguments` when its first word is an unknown command, nil otherwise.
    static func message(for arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) else { return nil }
        var message = "concord: error: unknown command '\(first)'"
        let closest = commandNames.map { ($0, editDistance(first.lowercased(), $0)) }.min { $0.1 < $1.1 }
        if let closest, closest.1 <= 2 { message += "; did you mean '\(closest.0)'?" }
        let listed = commandNames.filter { $0 != "help" }.joined(separator: ", ")
        return message + "\nThe commands are: \(listed). See `concord --help`."
    }

    /// Damerau–Levenshtein distance (optimal string alignment) between two short words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
