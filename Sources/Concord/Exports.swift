// The types the `Concord` API hands out, re-exported one by one so a user of `Concord` can name them
// without importing the lower layers.
@_exported import struct ConcordAnalysis.Token
@_exported import struct ConcordAnalysis.AnalyzerConfiguration
@_exported import class ConcordAnalysis.Analyzer
@_exported import struct ConcordIngest.CorpusDiagnostic
@_exported import struct ConcordIngest.PartialDate
@_exported import struct ConcordIndex.TieredMergePolicy
@_exported import struct ConcordSearch.Explanation
@_exported import struct ConcordSearch.ClauseExplanation
@_exported import struct ConcordSearch.FieldExplanation
@_exported import struct ConcordIndex.IndexChecker
@_exported import enum ConcordSearch.SearchError
@_exported import enum ConcordStorage.StorageError
@_exported import struct ConcordSearch.Query
@_exported import struct ConcordSearch.QueryError
