import ConcordIngest
import ConcordAnalysis
import ConcordIndex
import ConcordSearch
// PLACEHOLDER: the pipeline and the search service.
public enum ConcordPlaceholder {}
