import ConcordAnalysis
import ConcordIndex
// PLACEHOLDER: query parsing, BM25F, matching, snippets.
public enum SearchPlaceholder {}
