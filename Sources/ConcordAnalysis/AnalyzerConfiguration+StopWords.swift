extension AnalyzerConfiguration {
    /// The default stop list for `language` (a Snowball name such as "english"); empty when the
    /// language has none. English is the classic 33-word list used by Lucene's StandardAnalyzer;
    /// the others are short lists of very common function words.
    public static func defaultStopWords(for language: String) -> [String] {
        switch language.lowercased() {
        case "english", "porter": return englishStopWords
        case "french": return frenchStopWords
        case "german": return germanStopWords
        case "spanish": return spanishStopWords
        case "russian": return russianStopWords
        case "italian": return italianStopWords
        case "portuguese": return portugueseStopWords
        case "dutch": return dutchStopWords
        default: return []
        }
    }

    static let englishStopWords = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
        "this", "to", "was", "will", "with",
    ]

    static let frenchStopWords = [
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils",
        "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos",
        "notre", "nous", "on", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son",
        "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "à", "est", "sont",
    ]

    static let germanStopWords = [
        "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "das", "dass", "dem",
        "den", "der", "des", "die", "doch", "du", "ein", "eine", "einem", "einen", "einer", "eines", "er",
        "es", "für", "hat", "ich", "ihr", "im", "in", "ist", "mit", "nach", "nicht", "noch", "oder", "sich",
        "sie", "sind", "so", "um", "und", "uns", "von", "vor", "war", "was", "wie", "wir", "zu", "zum", "zur",
    ]

    static let spanishStopWords = [
        "a", "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "fue", "ha", "la", "las",
        "le", "les", "lo", "los", "más", "mi", "no", "o", "para", "pero", "por", "que", "se", "si", "sin",
        "son", "su", "sus", "también", "un", "una", "y", "ya", "él", "ella", "entre", "sobre",
    ]

    static let russianStopWords = [
        "а", "без", "бы", "в", "во", "вы", "да", "для", "до", "его", "её", "ее", "же", "за", "и", "из", "или",
        "им", "их", "к", "как", "ли", "мы", "на", "не", "нет", "но", "о", "об", "он", "она", "они", "оно",
        "от", "по", "при", "с", "со", "так", "то", "ты", "у", "уже", "что", "это", "я",
    ]

    static let italianStopWords = [
        "a", "al", "alla", "anche", "che", "ci", "come", "con", "da", "dal", "dei", "del", "della", "di",
        "e", "è", "gli", "ha", "i", "il", "in", "la", "le", "lo", "ma", "nel", "nella", "non", "o", "per",
        "più", "se", "si", "sono", "su", "sul", "tra", "un", "una", "uno",
    ]

    static let portugueseStopWords = [
        "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "é", "em", "entre",
        "era", "mais", "mas", "na", "nas", "no", "nos", "não", "o", "os", "ou", "para", "pela", "pelo",
        "por", "que", "se", "sem", "seu", "sua", "um", "uma",
    ]

    static let dutchStopWords = [
        "aan", "al", "als", "bij", "dat", "de", "die", "dit", "door", "een", "en", "er", "het", "hij", "ik",
        "in", "is", "je", "maar", "met", "na", "niet", "nog", "of", "om", "ook", "op", "over", "te", "tot",
        "uit", "van", "voor", "was", "wat", "we", "werd", "wordt", "ze", "zich", "zijn", "zo",
    ]
}
