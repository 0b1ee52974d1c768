import ArgumentParser

// `concord search "-visit meeting"` and `concord search -` must take the argument as the query, not as
// an unknown option, so such words are moved behind a `--` before ArgumentParser sees them.
let arguments = QueryArgumentRewriter.rewrite(Array(CommandLine.arguments.dropFirst()))
ConcordCommand.main(arguments)
