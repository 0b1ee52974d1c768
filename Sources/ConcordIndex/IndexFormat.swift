import ConcordStorage
// PLACEHOLDER: segments, postings, term dictionary, commits.
public enum IndexFormat { public static let version = 1 }
